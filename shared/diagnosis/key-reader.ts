import type { Observed } from '../model/observed.js';
import type { KeyFacts } from './key-findings.js';

/** The port through which the diagnosis reads KMS keys and their policies; shared/aws implements it. */

export type KeyPolicyRead =
  | { kind: 'policy'; document: unknown }
  /** GetKeyPolicy works only in the key's own account (https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyPolicy.html): not a failure, a limit. */
  | { kind: 'other-account' };

export interface KeyReader {
  /** `keyId` as a rule or bucket names it: key ARN, alias ARN, key id or alias name. `undefined`: no such key. */
  describe(keyId: string, region: string): Promise<Observed<KeyFacts | undefined>>;
  policy(key: KeyFacts, monitorAccount: string | undefined): Promise<Observed<KeyPolicyRead>>;
}
