import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PrincipalElement } from '../../../shared/diagnosis/policy/model.js';
import { accountOf, principalApplies } from '../../../shared/diagnosis/policy/principal.js';
import type { PolicyPrincipal } from '../../../shared/diagnosis/policy/types.js';
import {
  DESTINATION_ROLE_ARN,
  OTHER_ROLE_ARN,
  ROLE_ARN,
  SESSION_ARN,
  SOURCE_ACCOUNT,
} from '../../helpers/policy/fixtures.js';

const role: PolicyPrincipal = { kind: 'AWS', arn: ROLE_ARN };
const session: PolicyPrincipal = { kind: 'AWS', arn: SESSION_ARN };
const s3: PolicyPrincipal = { kind: 'Service', name: 's3.amazonaws.com' };
const principal = (...entries: PrincipalElement['entries']): PrincipalElement => ({
  negated: false,
  entries,
});
const notPrincipal = (...entries: PrincipalElement['entries']): PrincipalElement => ({
  negated: true,
  entries,
});

describe('principalApplies', () => {
  it('matches the role directly and everyone through *', () => {
    assert.deepEqual(principalApplies(principal({ kind: 'arn', arn: ROLE_ARN }), role), {
      applies: true,
      viaAccountRoot: false,
      viaNotPrincipal: false,
    });
    assert.equal(principalApplies(principal({ kind: 'everyone' }), s3).applies, true);
  });

  it('marks a match through the account principal as delegation', () => {
    const result = principalApplies(principal({ kind: 'account', account: SOURCE_ACCOUNT }), role);

    assert.deepEqual(result, { applies: true, viaAccountRoot: true, viaNotPrincipal: false });
  });

  it('prefers a direct match when the account is named too', () => {
    const element = principal({ kind: 'account', account: SOURCE_ACCOUNT }, { kind: 'arn', arn: ROLE_ARN });

    assert.equal(principalApplies(element, role).viaAccountRoot, false);
  });

  it('covers an assumed-role session with its role ARN, whatever the role path', () => {
    assert.equal(principalApplies(principal({ kind: 'arn', arn: ROLE_ARN }), session).applies, true);
    assert.equal(principalApplies(principal({ kind: 'arn', arn: OTHER_ROLE_ARN }), session).applies, false);
  });

  it('matches service principals by exact name only', () => {
    assert.equal(
      principalApplies(principal({ kind: 'service', name: 's3.amazonaws.com' }), s3).applies,
      true,
    );
    assert.equal(
      principalApplies(principal({ kind: 'service', name: 'lambda.amazonaws.com' }), s3).applies,
      false,
    );
    assert.equal(
      principalApplies(principal({ kind: 'account', account: SOURCE_ACCOUNT }), s3).applies,
      false,
    );
  });

  it('exempts a principal from a NotPrincipal deny only when its account is named too', () => {
    const both = notPrincipal({ kind: 'arn', arn: ROLE_ARN }, { kind: 'account', account: SOURCE_ACCOUNT });
    const roleOnly = notPrincipal({ kind: 'arn', arn: ROLE_ARN });
    const accountOnly = notPrincipal({ kind: 'account', account: SOURCE_ACCOUNT });

    assert.equal(principalApplies(both, role).applies, false);
    assert.deepEqual(principalApplies(roleOnly, role), {
      applies: true,
      viaAccountRoot: false,
      viaNotPrincipal: true,
    });
    assert.equal(principalApplies(accountOnly, role).applies, true);
    assert.equal(principalApplies(both, session).applies, false);
  });

  it('applies a NotPrincipal deny to a principal with a permissions boundary whatever it names', () => {
    const both = notPrincipal({ kind: 'arn', arn: ROLE_ARN }, { kind: 'account', account: SOURCE_ACCOUNT });

    assert.equal(principalApplies(both, role, { hasPermissionsBoundary: true }).applies, true);
  });

  it('applies a NotPrincipal deny to everyone it does not name', () => {
    const element = notPrincipal(
      { kind: 'arn', arn: DESTINATION_ROLE_ARN },
      { kind: 'service', name: 's3.amazonaws.com' },
    );

    assert.equal(principalApplies(element, role).applies, true);
    assert.equal(principalApplies(element, s3).applies, false);
    assert.equal(principalApplies(notPrincipal({ kind: 'everyone' }), role).applies, false);
  });
});

describe('accountOf', () => {
  it('reads the account of IAM and STS ARNs', () => {
    assert.equal(accountOf(ROLE_ARN), SOURCE_ACCOUNT);
    assert.equal(accountOf(SESSION_ARN), SOURCE_ACCOUNT);
    assert.equal(accountOf('arn:aws:s3:::dst-bucket'), undefined);
  });
});
