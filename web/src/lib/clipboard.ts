export class ClipboardBlockedError extends Error {
  constructor() {
    super('Your browser blocked access to the clipboard. Use “Show” and copy the value by hand, or allow clipboard access for this site.');
  }
}

/**
 * Copies text that is still being fetched. Passing the pending fetch to a ClipboardItem keeps the
 * click's user activation alive while the request runs (Safari requires it; Chromium accepts it);
 * browsers without that fall back to writeText once the text arrives. The text is never stored.
 */
export async function copyFetchedText(fetchText: () => Promise<string>): Promise<void> {
  const pending = fetchText();
  const clipboard = typeof navigator === 'undefined' ? undefined : navigator.clipboard;
  if (!clipboard) {
    await pending;
    throw new ClipboardBlockedError();
  }
  if (typeof ClipboardItem !== 'undefined' && typeof clipboard.write === 'function') {
    try {
      const blob = pending.then((text) => new Blob([text], { type: 'text/plain' }));
      await clipboard.write([new ClipboardItem({ 'text/plain': blob })]);
      return;
    } catch {
      // Either the fetch failed (rethrown just below) or the browser refused the deferred item.
      await pending;
    }
  }
  const text = await pending;
  try {
    await clipboard.writeText(text);
  } catch {
    throw new ClipboardBlockedError();
  }
}
