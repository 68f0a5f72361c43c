// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} are IAM policy variables, not template placeholders.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeContext } from '../../../shared/diagnosis/policy/context.js';
import { actionMatches, arnMatches, patternMatches } from '../../../shared/diagnosis/policy/match.js';
import { tokenize } from '../../../shared/diagnosis/policy/variables.js';

const context = normalizeContext({
  'aws:SourceAccount': '111122223333',
  'aws:PrincipalOrgPaths': ['o-1/', 'o-2/'],
});

describe('patternMatches', () => {
  it('treats * as any run and ? as one character, and everything else literally', () => {
    assert.equal(patternMatches('orders/2024-01-05.csv', 'orders/2024-??-*', { wildcards: true }), true);
    assert.equal(patternMatches('orders/2024-1-05.csv', 'orders/2024-??-*', { wildcards: true }), false);
    assert.equal(patternMatches('ordersX2024', 'orders.2024', { wildcards: true }), false);
    assert.equal(patternMatches('a+b(c)', 'a+b(c)', { wildcards: true }), true);
  });

  it('reads * literally when wildcards are off, as StringEquals does', () => {
    assert.equal(patternMatches('1111*', '1111*', { wildcards: false }), true);
    assert.equal(patternMatches('111122223333', '1111*', { wildcards: false }), false);
  });

  it('ignores case only when asked', () => {
    assert.equal(patternMatches('AES256', 'aes256', { wildcards: false }), false);
    assert.equal(patternMatches('AES256', 'aes256', { wildcards: false, ignoreCase: true }), true);
  });

  it('substitutes variables and returns undefined when one has no value', () => {
    const pattern = 'arn:aws:s3:::dst/${aws:SourceAccount}/*';

    assert.equal(
      patternMatches('arn:aws:s3:::dst/111122223333/a', pattern, { wildcards: true, variables: context }),
      true,
    );
    assert.equal(patternMatches('x', '${aws:SourceIp}', { wildcards: true, variables: context }), undefined);
    assert.equal(patternMatches('${aws:SourceIp}', '${aws:SourceIp}', { wildcards: true }), true);
  });
});

describe('actionMatches', () => {
  it('matches action names case-insensitively with wildcards', () => {
    assert.equal(actionMatches('s3:ReplicateObject', 's3:Replicate*'), true);
    assert.equal(actionMatches('s3:ReplicateObject', 'S3:replicateobject'), true);
    assert.equal(actionMatches('s3:ReplicateTags', 's3:Replicate????'), true);
    assert.equal(actionMatches('s3:ReplicateObject', 's3:Replicate????'), false);
  });

  it('never lets a wildcard cross into the service prefix', () => {
    assert.equal(actionMatches('s3:GetObject', '*'), true);
    assert.equal(actionMatches('s3:GetObject', 's3:*'), true);
    assert.equal(actionMatches('s3:GetObject', 'kms:*'), false);
    assert.equal(actionMatches('s3express:GetObject', 's3:*'), false);
  });
});

describe('arnMatches', () => {
  it('compares the six parts separately and case-sensitively', () => {
    const object = 'arn:aws:s3:::dst-bucket/orders/a.csv';

    assert.equal(arnMatches(object, 'arn:aws:s3:::dst-*/*', {}), true);
    assert.equal(arnMatches(object, 'arn:aws:s3:::dst-bucket/Orders/*', {}), false);
    assert.equal(
      arnMatches('arn:aws:kms:us-east-1:111122223333:key/k', 'arn:aws:kms:*:111122223333:key/*', {}),
      true,
    );
    assert.equal(
      arnMatches('arn:aws:kms:us-east-1:111122223333:key/k', 'arn:aws:kms:*:444455556666:key/*', {}),
      false,
    );
  });

  it('keeps a wildcard inside its part: * in the Region does not swallow the account', () => {
    assert.equal(arnMatches('arn:aws:kms:us-east-1:111122223333:key/k', 'arn:aws:kms:*:key/*', {}), false);
  });

  it('completes a short pattern with * parts only when asked', () => {
    assert.equal(arnMatches('arn:aws:s3:::dst/a', 'arn:aws:s3:*', { padShort: true }), true);
    assert.equal(arnMatches('arn:aws:s3:::dst/a', 'arn:aws:s3:*', {}), false);
  });

  it('treats a * in the request ARN as a literal character', () => {
    assert.equal(arnMatches('arn:aws:s3:::dst/orders/*', 'arn:aws:s3:::dst/*', {}), true);
    assert.equal(arnMatches('arn:aws:s3:::dst/orders/*', 'arn:aws:s3:::dst/orders/a', {}), false);
  });

  it('refuses values that are not ARNs', () => {
    assert.equal(arnMatches('dst-bucket', 'arn:aws:s3:::*', {}), false);
  });
});

describe('tokenize', () => {
  it('splits text, wildcards and resolved variables', () => {
    const tokens = tokenize('a*b?${aws:SourceAccount}', { wildcards: true, variables: context });

    assert.deepEqual(tokens, [
      { kind: 'text', text: 'a' },
      { kind: 'any' },
      { kind: 'text', text: 'b' },
      { kind: 'one' },
      { kind: 'text', text: '111122223333' },
    ]);
  });

  it('reads the ${*} ${?} ${$} escapes as literal characters', () => {
    assert.deepEqual(tokenize('${*}${?}${$}', { wildcards: true, variables: context }), [
      { kind: 'text', text: '*?$' },
    ]);
  });

  it('uses a default for a missing or multivalued variable, else gives up', () => {
    assert.deepEqual(tokenize("${aws:SourceIp, 'none'}", { wildcards: false, variables: context }), [
      { kind: 'text', text: 'none' },
    ]);
    assert.equal(tokenize('${aws:PrincipalOrgPaths}', { wildcards: false, variables: context }), undefined);
  });
});

describe('normalizeContext', () => {
  it('lower-cases key names and stringifies booleans and numbers', () => {
    const normalized = normalizeContext({
      'aws:SecureTransport': true,
      'aws:MultiFactorAuthAge': 60,
      'aws:TagKeys': ['a'],
    });

    assert.deepEqual(
      [...normalized],
      [
        ['aws:securetransport', 'true'],
        ['aws:multifactorauthage', '60'],
        ['aws:tagkeys', ['a']],
      ],
    );
  });
});
