/**
 * Hands text to the user as a download: a Blob behind a temporary <a download>. Nothing is
 * written by the page itself; the browser (or Electron's download handler) asks where.
 */
export function saveTextFile(fileName: string, text: string, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke on the next turn: some engines start the download asynchronously after click().
  window.setTimeout(() => URL.revokeObjectURL(url), 0);
}
