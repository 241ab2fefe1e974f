/** Images larger than this are scaled down first: QR codes stay readable, and decoding stays fast. */
const MAX_SIDE = 1600;

export class QrDecodeError extends Error {}

/**
 * Reads the text of a QR code in an image file, entirely in the browser (canvas + jsQR, loaded on
 * first use). Only the decoded text — an otpauth:// URI — is ever sent to the server, never the image.
 */
export async function decodeQrImage(file: Blob): Promise<string> {
  if (!file.type.startsWith('image/')) throw new QrDecodeError('That file is not an image. Choose a PNG, JPEG or screenshot of the QR code.');
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new QrDecodeError('That image could not be opened. Try a PNG or JPEG screenshot of the QR code.');
  }
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new QrDecodeError('Your browser could not read the image. Paste the setup key instead.');
  // A white background, so transparent PNGs don't turn into black-on-black.
  context.fillStyle = '#fff';
  context.fillRect(0, 0, width, height);
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const pixels = context.getImageData(0, 0, width, height);
  const { default: jsQR } = await import('jsqr');
  const result = jsQR(pixels.data, width, height, { inversionAttempts: 'attemptBoth' });
  if (!result?.data) {
    throw new QrDecodeError('No QR code was found in that image. Crop the screenshot to the QR code, or paste the setup key instead.');
  }
  return result.data.trim();
}

/** The first image in a paste event, e.g. a screenshot of a QR code copied to the clipboard. */
export function imageFromClipboard(data: DataTransfer | null): File | null {
  if (!data) return null;
  for (const item of Array.from(data.items)) {
    if (item.kind === 'file' && item.type.startsWith('image/')) return item.getAsFile();
  }
  return null;
}
