/** The text of a PDF as a reader would copy it (pdf.js, Mozilla's PDF engine, in Node), for tests
 * that check the Vietnamese letters of generated PDFs survive: no external tool needed. Items on
 * one line are joined with spaces, lines with "\n", pages with a form feed. */
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

export async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  try {
    const pages: string[] = [];
    for (let number = 1; number <= doc.numPages; number += 1) {
      const page = await doc.getPage(number);
      const content = await page.getTextContent();
      let text = "";
      for (const item of content.items) {
        if (!("str" in item)) continue;
        text += item.str;
        text += item.hasEOL ? "\n" : " ";
      }
      pages.push(text.replace(/[ \t]+\n/g, "\n").replace(/ {2,}/g, " "));
      page.cleanup();
    }
    return pages.join("\f");
  } finally {
    await doc.destroy();
  }
}
