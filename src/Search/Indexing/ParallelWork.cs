namespace Search.Indexing;

/// <summary>Loops spread over the cores whose failures surface as the exception itself, as a sequential loop would throw it.</summary>
static class ParallelWork
{
    /// <summary>Runs <paramref name="body"/> for 0 … count − 1 on every core; a failure surfaces as the exception itself (one of
    /// them, if several), not wrapped in an <see cref="AggregateException"/>.</summary>
    public static void OnEveryCore(int count, Action<int> body, CancellationToken cancel = default)
    {
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancel }, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }
}
