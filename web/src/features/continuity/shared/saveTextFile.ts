/** Hands text to the browser as a file download; nothing is kept once the download has started. */
export function saveTextFile(text: string, fileName: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The click starts the download synchronously; revoking on the next turn is safe in every browser.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
