import { Button, FileButton, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState, type ClipboardEvent, type ReactElement, type ReactNode } from 'react';
import { decodeQrImage, imageFromClipboard, QrDecodeError } from '../../lib/qr-decode.ts';
import { monoInputStyles } from '../../lib/theme.ts';
import { looksLikeOtpauth, summarizeOtpauth } from '../../lib/totp-input.ts';

export interface TotpKeyFieldProps {
  value: string;
  onChange: (value: string) => void;
  error?: ReactNode;
  description?: ReactNode;
  disabled?: boolean;
}

/**
 * The authenticator (TOTP) setup: paste the Base32 setup key or the otpauth:// link, or give the QR
 * code as an image (upload, or paste a screenshot into the field). The QR code is decoded here in the
 * browser; only its text goes to the server, which stores the seed encrypted and computes the codes.
 */
export function TotpKeyField({ value, onChange, error, description, disabled }: TotpKeyFieldProps): ReactElement {
  const [reading, setReading] = useState(false);
  const [qrError, setQrError] = useState<string | null>(null);
  const [fromQr, setFromQr] = useState(false);

  const readImage = async (file: File | null): Promise<void> => {
    if (!file) return;
    setReading(true);
    setQrError(null);
    try {
      const text = await decodeQrImage(file);
      if (!looksLikeOtpauth(text)) {
        setQrError('That QR code is not an authenticator setup code (it doesn’t start with otpauth://). Use the QR code the app shows when you turn on two-factor authentication.');
        return;
      }
      onChange(text);
      setFromQr(true);
    } catch (cause) {
      setQrError(cause instanceof QrDecodeError ? cause.message : 'The image could not be read. Paste the setup key instead.');
    } finally {
      setReading(false);
    }
  };

  const onPaste = (event: ClipboardEvent<HTMLInputElement>): void => {
    const image = imageFromClipboard(event.clipboardData);
    if (!image) return;
    event.preventDefault();
    void readImage(image);
  };

  const summary = fromQr && looksLikeOtpauth(value) ? summarizeOtpauth(value) : null;

  return (
    <Stack gap={6}>
      <TextInput
        label="Authenticator key"
        description={description ?? 'Paste the setup key (letters A–Z and digits 2–7) or the otpauth:// link, or upload the QR code.'}
        placeholder="JBSW Y3DP EHPK 3PXP or otpauth://totp/…"
        value={value}
        onChange={(event) => {
          onChange(event.currentTarget.value);
          setFromQr(false);
          setQrError(null);
        }}
        onPaste={onPaste}
        error={qrError ?? error}
        autoComplete="off"
        spellCheck={false}
        disabled={disabled}
        styles={monoInputStyles}
      />
      <Group gap="sm">
        <FileButton onChange={(file) => void readImage(file)} accept="image/*" disabled={disabled} inputProps={{ 'aria-label': 'QR code image' }}>
          {(props) => (
            <Button {...props} size="xs" variant="default" loading={reading}>
              Upload QR image
            </Button>
          )}
        </FileButton>
        {summary && (
          <Text size="xs" c="teal" role="status">
            QR code read{summary.issuer ? `: ${summary.issuer}` : ''}
            {summary.label ? ` (${summary.label})` : ''}. It is saved when you save the account.
          </Text>
        )}
      </Group>
    </Stack>
  );
}
