using Search.Web;

var app = SearchWebApp.Build(args);
app.Run();
