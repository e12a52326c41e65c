import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { auditKeyId, type AuditSigner } from '../store/repos/audit-record';
import type { Keychain } from '../secrets/keychain';
import type { AuditService } from './audit.service';

/** The keychain entry holding the audit signing key (PKCS#8 DER, base64). */
export const AUDIT_SIGNING_ACCOUNT = 'arbdesk:audit-signing-key';

export interface LoadedSigner {
  /** Null when the keychain cannot be used: entries are then chained but unsigned. */
  readonly signer: AuditSigner | null;
  /** True when this call generated the key (the caller records audit.signing-key). */
  readonly created: boolean;
  readonly detail: string;
}

function signerFor(privateKey: KeyObject): AuditSigner {
  const publicKey = createPublicKey(privateKey);
  const keyId = auditKeyId(publicKey);
  return {
    keyId,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    // The private key lives only in this closure; nothing returns or logs it.
    sign: (hash) => sign(null, Buffer.from(hash, 'hex'), privateKey).toString('base64'),
  };
}

/** The id of the signing key in the keychain without creating one (doctor); null when there is none yet. */
export async function storedAuditKeyId(keychain: Keychain): Promise<string | null> {
  const stored = await keychain.getSecret(AUDIT_SIGNING_ACCOUNT);
  return stored === null ? null : signerFor(createPrivateKey({ key: Buffer.from(stored, 'base64'), format: 'der', type: 'pkcs8' })).keyId;
}

/**
 * The Ed25519 key that signs audit entries, from the OS keychain, created there on first use.
 * The key never touches the database, config, logs or errors (the keychain registers the
 * value with the log scrubber). Without a keychain this resolves to no signer and says why;
 * it never throws for that, because auditing must go on unsigned rather than stop.
 */
export async function loadAuditSigner(keychain: Keychain): Promise<LoadedSigner> {
  const status = await keychain.status();
  if (!status.available) return { signer: null, created: false, detail: `Audit signing is off: ${status.detail}` };
  const stored = await keychain.getSecret(AUDIT_SIGNING_ACCOUNT);
  if (stored !== null) {
    const signer = signerFor(createPrivateKey({ key: Buffer.from(stored, 'base64'), format: 'der', type: 'pkcs8' }));
    return { signer, created: false, detail: `Audit entries are signed with Ed25519 key ${signer.keyId} from the OS keychain.` };
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  await keychain.setSecret(AUDIT_SIGNING_ACCOUNT, privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'));
  const signer = signerFor(privateKey);
  return { signer, created: true, detail: `Audit entries are signed with Ed25519 key ${signer.keyId}, created in the OS keychain.` };
}

/**
 * Loads the signer and attaches it to `audit`; a key created now is recorded (its public half
 * only). `stillWanted` lets a caller that shut down meanwhile drop the result.
 */
export async function attachAuditSigner(audit: AuditService, keychain: Keychain, stillWanted: () => boolean = () => true): Promise<LoadedSigner> {
  let loaded: LoadedSigner;
  try {
    loaded = await loadAuditSigner(keychain);
  } catch (error) {
    // A keychain that fails mid-way (locked again, a bad stored key) turns signing off, loudly.
    loaded = { signer: null, created: false, detail: `Audit signing is off: the signing key could not be loaded (${error instanceof Error ? error.message : String(error)}).` };
  }
  if (!stillWanted()) return loaded;
  audit.setSigner(loaded.signer, loaded.detail);
  if (loaded.created && loaded.signer !== null) {
    audit.append({
      actor: 'system',
      action: 'audit.signing-key',
      subject: loaded.signer.keyId,
      reason: 'first use: no audit signing key in the OS keychain',
      after: { keyId: loaded.signer.keyId, publicKey: loaded.signer.publicKeyPem },
    });
  }
  return loaded;
}
