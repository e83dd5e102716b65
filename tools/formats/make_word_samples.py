#!/usr/bin/env python3
"""Write a flat ODF text document (.fodt) from a plain-text policy document, with the numbering of its items
(一、 / (一) / 1.) turned into automatic list numbering and '|' lines into a table, for LibreOffice to save as
.docx, .doc (Word 97) and .wps. See tools/formats/README.md.

Usage: python3 tools/formats/make_word_samples.py SOURCE.txt OUT.fodt [MAX_LINES] [typed]
("typed" keeps the item numbers as typed text instead of list numbering.)
"""
import re, sys
from xml.sax.saxutils import escape

src, out = sys.argv[1], sys.argv[2]
limit = int(sys.argv[3]) if len(sys.argv) > 3 else 10**9
typed = len(sys.argv) > 4 and sys.argv[4] == "typed"
lines = [l.strip() for l in open(src, encoding="utf-8").read().splitlines()][:limit]

LEVELS = [
    (re.compile(r"^[一二三四五六七八九十]+、"), 1),
    (re.compile(r"^[（(][一二三四五六七八九十]+[)）]"), 2),
    (re.compile(r"^[0-9]+[.．]"), 3),
]

body, depth = [], 0
def close_to(level):
    global depth
    while depth > level:
        body.append("</text:list-item></text:list>")
        depth -= 1

for line in lines:
    if not line:
        continue
    level = 0 if typed else next((lvl for rx, lvl in LEVELS if rx.match(line)), 0)
    if "|" in line and level == 0:
        close_to(0)
        cells = [c.strip() for c in line.strip("|").split("|")]
        body.append("<table:table table:name=\"T\">" + "".join("<table:table-column/>" for _ in cells) + "<table:table-row>"
                    + "".join(f"<table:table-cell office:value-type=\"string\"><text:p>{escape(c)}</text:p></table:table-cell>" for c in cells)
                    + "</table:table-row></table:table>")
        continue
    if level == 0 and depth > 0:
        # A paragraph under an item stays in the item (unnumbered), so the list and its numbering carry on after it.
        body.append(f"<text:p text:style-name=\"Body\">{escape(line)}</text:p>")
        continue
    if level == 0:
        body.append(f"<text:p text:style-name=\"Body\">{escape(line)}</text:p>")
        continue
    text = next(rx for rx, lvl in LEVELS if lvl == level).sub("", line, count=1).lstrip()
    if depth >= level:
        close_to(level)
        body.append("</text:list-item><text:list-item>")
    else:
        # Open lists down to this level (a level-3 item right under a level-1 one skips nothing in practice).
        while depth < level:
            body.append("<text:list text:style-name=\"Outline\">" if depth == 0 else "<text:list>")
            body.append("<text:list-item>")
            depth += 1
    body.append(f"<text:p text:style-name=\"Item\">{escape(text)}</text:p>")
close_to(0)

doc = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:font-face-decls><style:font-face style:name="Noto Serif CJK SC" svg:font-family="'Noto Serif CJK SC'" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/></office:font-face-decls>
 <office:styles>
  <style:style style:name="Standard" style:family="paragraph"><style:text-properties style:font-name-asian="Noto Serif CJK SC" fo:font-size="12pt" style:font-size-asian="12pt"/></style:style>
  <style:style style:name="Body" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-indent="0.85cm"/></style:style>
  <style:style style:name="Item" style:family="paragraph" style:parent-style-name="Standard"/>
  <text:list-style style:name="Outline">
   <text:list-level-style-number text:level="1" style:num-suffix="、" style:num-format="一, 二, 三, ..."><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="nothing" fo:text-indent="0cm" fo:margin-left="0.85cm"/></style:list-level-properties></text:list-level-style-number>
   <text:list-level-style-number text:level="2" style:num-prefix="（" style:num-suffix="）" style:num-format="一, 二, 三, ..."><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="nothing" fo:text-indent="0cm" fo:margin-left="0.85cm"/></style:list-level-properties></text:list-level-style-number>
   <text:list-level-style-number text:level="3" style:num-suffix="." style:num-format="1"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="nothing" fo:text-indent="0cm" fo:margin-left="0.85cm"/></style:list-level-properties></text:list-level-style-number>
  </text:list-style>
 </office:styles>
 <office:body><office:text>
{chr(10).join(body)}
 </office:text></office:body>
</office:document>
"""
open(out, "w", encoding="utf-8").write(doc)
