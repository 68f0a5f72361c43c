// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} are IAM policy variables, not template placeholders.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { conditionsHold } from '../../../shared/diagnosis/policy/conditions.js';
import { conditionContextOf } from '../../../shared/diagnosis/policy/context.js';
import { ipInRange } from '../../../shared/diagnosis/policy/ip.js';
import type { ConditionClause } from '../../../shared/diagnosis/policy/model.js';
import { compareValue, positiveOf } from '../../../shared/diagnosis/policy/operators.js';
import { parseConditions } from '../../../shared/diagnosis/policy/parse-condition.js';
import type { ContextValue } from '../../../shared/diagnosis/policy/types.js';

function holds(
  condition: Record<string, Record<string, unknown>>,
  values: Record<string, ContextValue> = {},
): boolean {
  const clauses: ConditionClause[] = parseConditions(condition, 'Condition', []);
  const context = conditionContextOf({
    principal: { kind: 'Service', name: 's3.amazonaws.com' },
    action: 's3:GetObject',
    resource: '*',
    context: values,
  });
  return conditionsHold(clauses, context, context.values);
}

describe('conditionsHold', () => {
  it('ORs the values of one key and ANDs keys and operators', () => {
    const condition = {
      StringEquals: { 'aws:SourceAccount': ['111122223333', '444455556666'] },
      ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::src-*' },
    };

    assert.equal(
      holds(condition, { 'aws:SourceAccount': '444455556666', 'aws:SourceArn': 'arn:aws:s3:::src-a' }),
      true,
    );
    assert.equal(
      holds(condition, { 'aws:SourceAccount': '444455556666', 'aws:SourceArn': 'arn:aws:s3:::dst' }),
      false,
    );
  });

  it('requires a negated operator to match none of the values', () => {
    const condition = { StringNotEquals: { 'aws:SourceAccount': ['111122223333', '444455556666'] } };

    assert.equal(holds(condition, { 'aws:SourceAccount': '123456789012' }), true);
    assert.equal(holds(condition, { 'aws:SourceAccount': '444455556666' }), false);
  });

  it('reads condition key names case-insensitively', () => {
    assert.equal(
      holds(
        { StringEquals: { 'AWS:SOURCEACCOUNT': '111122223333' } },
        { 'aws:sourceaccount': '111122223333' },
      ),
      true,
    );
  });

  it('treats a missing key as AWS documents: false, negated true, IfExists true, Null true', () => {
    assert.equal(holds({ StringEquals: { 'aws:SourceAccount': '111122223333' } }), false);
    assert.equal(holds({ StringNotEquals: { 'aws:SourceAccount': '111122223333' } }), true);
    assert.equal(holds({ ArnNotLike: { 'aws:SourceArn': 'arn:aws:s3:::src-*' } }), true);
    assert.equal(holds({ StringEqualsIfExists: { 'aws:SourceAccount': '111122223333' } }), true);
    assert.equal(holds({ Null: { 'aws:SourceAccount': 'true' } }), true);
    assert.equal(holds({ Null: { 'aws:SourceAccount': 'false' } }), false);
  });

  it('applies ForAnyValue and ForAllValues to multivalued keys, vacuous for an absent key', () => {
    const paths = { 'aws:PrincipalOrgPaths': ['o-1/r-1/ou-1/', 'o-2/r-2/'] };

    assert.equal(holds({ 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-1/*' } }, paths), true);
    assert.equal(holds({ 'ForAllValues:StringLike': { 'aws:PrincipalOrgPaths': 'o-1/*' } }, paths), false);
    assert.equal(holds({ 'ForAllValues:StringLike': { 'aws:PrincipalOrgPaths': 'o-1/*' } }), true);
    assert.equal(holds({ 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-1/*' } }), false);
    assert.equal(holds({ 'ForAnyValue:StringLikeIfExists': { 'aws:PrincipalOrgPaths': 'o-1/*' } }), true);
  });

  it('does not compare a multivalued key without a set qualifier', () => {
    const condition = { StringLike: { 'aws:PrincipalOrgPaths': 'o-1/*' } };

    assert.equal(holds(condition, { 'aws:PrincipalOrgPaths': ['o-1/'] }), false);
  });

  it('substitutes policy variables in values', () => {
    const condition = { StringEquals: { 'aws:SourceAccount': '${aws:PrincipalAccount}' } };

    assert.equal(
      holds(condition, { 'aws:SourceAccount': '111122223333', 'aws:PrincipalAccount': '111122223333' }),
      true,
    );
    assert.equal(holds(condition, { 'aws:SourceAccount': '111122223333' }), false);
  });

  it('fails both StringEquals and StringNotEquals when a variable has no value', () => {
    const values = { 'aws:SourceAccount': '111122223333' };

    assert.equal(holds({ StringEquals: { 'aws:SourceAccount': '${aws:PrincipalAccount}' } }, values), false);
    assert.equal(
      holds({ StringNotEquals: { 'aws:SourceAccount': '${aws:PrincipalAccount}' } }, values),
      false,
    );
  });

  it('compares booleans given as JSON booleans or strings', () => {
    assert.equal(holds({ Bool: { 'aws:SecureTransport': false } }, { 'aws:SecureTransport': false }), true);
    assert.equal(holds({ Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': 'TRUE' }), true);
    assert.equal(holds({ Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': false }), false);
  });

  it('compares numbers, dates and addresses', () => {
    assert.equal(
      holds({ NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }, { 'aws:MultiFactorAuthAge': 60 }),
      true,
    );
    assert.equal(
      holds(
        { DateGreaterThan: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' } },
        { 'aws:CurrentTime': '2025-03-01T10:00:00Z' },
      ),
      true,
    );
    assert.equal(
      holds({ NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '192.168.1.7' }),
      true,
    );
    assert.equal(
      holds({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '10.20.30.40' }),
      true,
    );
  });
});

describe('compareValue', () => {
  it('compares strings exactly, ignoring case, or with wildcards', () => {
    assert.equal(compareValue('StringEquals', 'aws:kms', 'aws:kms', undefined), true);
    assert.equal(compareValue('StringEquals', 'aws:kms', 'aws:*', undefined), false);
    assert.equal(compareValue('StringEqualsIgnoreCase', 'AES256', 'aes256', undefined), true);
    assert.equal(
      compareValue('StringLike', 's3.us-east-1.amazonaws.com', 's3.*.amazonaws.com', undefined),
      true,
    );
  });

  it('treats ArnEquals like ArnLike, wildcards included', () => {
    assert.equal(compareValue('ArnEquals', 'arn:aws:s3:::src-bucket', 'arn:aws:s3:::src-*', undefined), true);
    assert.equal(compareValue('ArnLike', 'arn:aws:s3:::src-bucket', '*', undefined), false);
  });

  it('orders numbers and dates, epoch seconds included', () => {
    assert.equal(compareValue('NumericGreaterThanEquals', '60', '60', undefined), true);
    assert.equal(compareValue('NumericLessThan', '1.5', '1', undefined), false);
    assert.equal(
      compareValue('DateLessThan', '2023-05-05T00:00:00Z', '2024-01-01T00:00:00Z', undefined),
      true,
    );
    assert.equal(compareValue('DateEquals', '1704067200', '2024-01-01T00:00:00Z', undefined), true);
  });

  it('cannot compare values that are not of the operator type', () => {
    assert.equal(compareValue('NumericEquals', 'sixty', '60', undefined), undefined);
    assert.equal(compareValue('DateEquals', 'yesterday', '2024-01-01', undefined), undefined);
    assert.equal(compareValue('Bool', 'yes', 'true', undefined), undefined);
    assert.equal(compareValue('IpAddress', 'not-an-ip', '10.0.0.0/8', undefined), undefined);
  });

  it('compares BinaryEquals values as base64 text', () => {
    assert.equal(compareValue('BinaryEquals', 'QmluYXJ5', 'QmluYXJ5', undefined), true);
  });
});

describe('positiveOf', () => {
  it('names the operator a negated one inverts', () => {
    assert.equal(positiveOf('StringNotLike'), 'StringLike');
    assert.equal(positiveOf('NotIpAddress'), 'IpAddress');
    assert.equal(positiveOf('ArnNotEquals'), 'ArnEquals');
    assert.equal(positiveOf('StringLike'), undefined);
  });
});

describe('ipInRange', () => {
  it('matches IPv4 and IPv6 CIDR blocks and single addresses', () => {
    assert.equal(ipInRange('192.168.1.77', '192.168.1.0/24'), true);
    assert.equal(ipInRange('192.168.2.1', '192.168.1.0/24'), false);
    assert.equal(ipInRange('203.0.113.7', '203.0.113.7'), true);
    assert.equal(ipInRange('2001:db8::1', '2001:db8::/32'), true);
    assert.equal(ipInRange('2001:db9::1', '2001:db8::/32'), false);
    assert.equal(ipInRange('0.0.0.1', '0.0.0.0/0'), true);
  });

  it('never matches across address families', () => {
    assert.equal(ipInRange('2001:db8::1', '10.0.0.0/8'), false);
    assert.equal(ipInRange('10.0.0.1', '2001:db8::/32'), false);
  });

  it('cannot read malformed addresses or prefixes', () => {
    assert.equal(ipInRange('10.0.0.256', '10.0.0.0/8'), undefined);
    assert.equal(ipInRange('10.0.0.1', '10.0.0.0/33'), undefined);
    assert.equal(ipInRange('1::2::3', '::/0'), undefined);
  });
});
