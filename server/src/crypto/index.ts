export { decryptFailed, type DecryptFailure } from './aead.ts';
export type { DataKeyContext, FieldContext } from './aad.ts';
export { createLocalKek, type Kek } from './kek.ts';
export { decodeMasterKey, loadMasterKey, MASTER_KEY_ENV, MASTER_KEY_FILE, type LoadMasterKeyOptions } from './master-key.ts';
export { generateDataKey, openField, openFieldText, sealField, unwrapDataKey, wrapDataKey } from './envelope.ts';
export { assertKeyCheck, makeKeyCheck, verifyKeyCheck } from './key-check.ts';
export { rewrapDataKey } from './rotate.ts';
