"""Derives the role/KMS diagnosis worlds from healthy-multi-rule.json, one breakage each.

Run from the repository root: python3 examples/worlds/generate/diagnosis_worlds.py
The worlds are committed; this script documents exactly how each differs from the healthy one.
"""
import copy
import json

BASE = json.load(open('examples/worlds/healthy-multi-rule.json'))
ROLE = 'arn:aws:iam::111122223333:role/service-role/s3-replication-orders'
SOURCE_KEY = 'arn:aws:kms:us-east-1:111122223333:key/5f0e2c1a-7b3d-4e8f-9a6b-2c4d6e8f0a1b'


def base(description):
    world = copy.deepcopy(BASE)
    world['description'] = description
    world['buckets'] = [b for b in world['buckets'] if b['name'].startswith('acme-orders')]
    world['roles'] = [r for r in world['roles'] if r['arn'] == ROLE]
    return world


def role(world):
    return world['roles'][0]


def statement(world, sid):
    return next(s for s in role(world)['inlinePolicies']['s3-replication']['Statement'] if s.get('Sid') == sid)


def bucket(world, name):
    return next(b for b in world['buckets'] if b['name'] == name)


def key(world, arn):
    return next(k for k in world['kmsKeys'] if k['arn'] == arn)


worlds = {}

w = base('Breakage: the role grants the replication actions on the old DR bucket (acme-orders-dr-old/*), not on acme-orders-dr; nothing has failed yet.')
statement(w, 'DestinationObjects')['Resource'] = ['arn:aws:s3:::acme-orders-dr-old/*']
worlds['role-wrong-resource'] = w

w = base('Breakage: a managed policy attached to the role explicitly denies s3:ReplicateDelete everywhere, so delete markers cannot replicate.')
role(w)['attachedPolicies'] = [{
    'arn': 'arn:aws:iam::111122223333:policy/deny-deletes',
    'name': 'deny-deletes',
    'document': {'Version': '2012-10-17', 'Statement': [
        {'Sid': 'NoDeletesAnywhere', 'Effect': 'Deny', 'Action': ['s3:ReplicateDelete', 's3:DeleteObject*'], 'Resource': '*'}]},
}]
worlds['role-explicit-deny'] = w

w = base('Breakage: the DR account added a bucket policy statement that denies s3:ReplicateDelete to everyone, so delete markers cannot replicate.')
bucket(w, 'acme-orders-dr')['policy']['Statement'].append(
    {'Sid': 'KeepEverything', 'Effect': 'Deny', 'Principal': '*', 'Action': 's3:ReplicateDelete', 'Resource': 'arn:aws:s3:::acme-orders-dr/*'})
worlds['destination-policy-deny'] = w

w = base('Breakage: a permissions boundary on the role allows reads and KMS but not s3:Replicate*; the role policy alone looks right.')
role(w)['permissionsBoundaryArn'] = 'arn:aws:iam::111122223333:policy/workload-boundary'
role(w)['permissionsBoundary'] = {'Version': '2012-10-17', 'Statement': [
    {'Effect': 'Allow', 'Action': ['s3:Get*', 's3:List*', 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], 'Resource': '*'}]}
worlds['role-permissions-boundary'] = w

w = base('Breakage: the role may use the replica key only through S3 in us-east-1 (kms:ViaService), but the replica bucket is in us-west-2.')
statement(w, 'EncryptReplica')['Condition'] = {'StringEquals': {'kms:ViaService': 's3.us-east-1.amazonaws.com'}}
worlds['kms-viaservice-wrong-region'] = w

w = base('Breakage: the source key policy was replaced by one that trusts only a key-admin role: without the account-root statement, the role\'s IAM grant of kms:Decrypt has no effect.')
key(w, SOURCE_KEY)['policy'] = {'Version': '2012-10-17', 'Statement': [
    {'Sid': 'KeyAdministrators', 'Effect': 'Allow', 'Principal': {'AWS': 'arn:aws:iam::111122223333:role/key-admin'}, 'Action': 'kms:*', 'Resource': '*'}]}
worlds['kms-key-policy-no-delegation'] = w

w = base('Breakage: the role\'s trust policy names ec2.amazonaws.com instead of s3.amazonaws.com (copied from an instance role).')
role(w)['trustPolicy']['Statement'][0]['Principal'] = {'Service': 'ec2.amazonaws.com'}
worlds['role-trust-wrong-service'] = w

w = base('Healthy look-alike: wildcard actions (s3:Replicate*, s3:Get*) and resources, trust and KMS conditions that match (aws:SourceAccount, aws:SourceArn, kms:ViaService with StringLike), the source key shared with the role through its key policy only, and a DR bucket policy that delegates to the source account root. Nothing is wrong.')
policy = role(w)['inlinePolicies']['s3-replication']
policy['Statement'] = [
    {'Sid': 'ReadSource', 'Effect': 'Allow', 'Action': ['s3:Get*', 's3:List*'], 'Resource': ['arn:aws:s3:::acme-orders-prod', 'arn:aws:s3:::acme-orders-prod/*']},
    {'Sid': 'WriteReplicas', 'Effect': 'Allow', 'Action': ['s3:Replicate*', 's3:ObjectOwnerOverrideToBucketOwner'], 'Resource': 'arn:aws:s3:::acme-orders-*/*'},
    {'Sid': 'ReplicaKey', 'Effect': 'Allow', 'Action': 'kms:*', 'Resource': '*', 'Condition': {'StringLike': {'kms:ViaService': 's3.*.amazonaws.com'}}},
]
role(w)['trustPolicy']['Statement'][0]['Condition'] = {
    'StringEquals': {'aws:SourceAccount': '111122223333'},
    'ArnLike': {'aws:SourceArn': 'arn:aws:s3:::acme-orders-prod'}}
key(w, SOURCE_KEY)['policy'] = {'Version': '2012-10-17', 'Statement': [
    {'Sid': 'KeyAdministrators', 'Effect': 'Allow', 'Principal': {'AWS': 'arn:aws:iam::111122223333:role/key-admin'}, 'Action': 'kms:*', 'Resource': '*'},
    {'Sid': 'ReplicationDecrypt', 'Effect': 'Allow', 'Principal': {'AWS': ROLE}, 'Action': ['kms:Decrypt', 'kms:DescribeKey'], 'Resource': '*',
     'Condition': {'StringEquals': {'kms:ViaService': 's3.us-east-1.amazonaws.com'}}}]}
for s in bucket(w, 'acme-orders-dr')['policy']['Statement']:
    s['Principal'] = {'AWS': 'arn:aws:iam::111122223333:root'}
worlds['healthy-lookalikes'] = w

w = base('Breakage: the role grants s3:GetObjectVersion instead of s3:GetObjectVersionForReplication. That replicates unencrypted and SSE-S3 objects, not the SSE-KMS objects these rules opt in to, and the bucket default is SSE-KMS.')
statement(w, 'SourceObjects')['Action'] = ['s3:GetObjectVersion', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging']
worlds['role-get-object-version'] = w

w = base('Breakage: the DR bucket blocks SSE-C (BlockedEncryptionTypes, the default of buckets created since April 2026), which blocks replication requests too, while the source holds SSE-C objects under orders/ and still accepts SSE-C uploads.')
bucket(w, 'acme-orders-dr')['encryption']['BlockedEncryptionTypes'] = {'EncryptionType': ['SSE-C']}
bucket(w, 'acme-orders-prod')['objects'] += [
    {'key': 'orders/2026/11/22/customer-held-key-0001.bin', 'versionId': 'sseC0001vvvvvvvvvvvvvvvvvvvvvvvv', 'lastModified': '2026-11-22T10:02:11Z',
     'size': 40960, 'replicationStatus': 'FAILED', 'sse': 'SSE-C'},
    {'key': 'orders/2026/11/22/customer-held-key-0002.bin', 'versionId': 'sseC0002vvvvvvvvvvvvvvvvvvvvvvvv', 'lastModified': '2026-11-22T10:05:40Z',
     'size': 40960, 'replicationStatus': 'FAILED', 'sse': 'SSE-C'},
]
worlds['sse-c-blocked-destination'] = w

w = base('Look-alike: the DR bucket enforces bucket ownership (BucketOwnerEnforced) and the role no longer grants s3:ObjectOwnerOverrideToBucketOwner, while both rules still ask for the owner override. AWS documents that BucketOwnerEnforced changes replica ownership without that permission, not whether S3 still checks it for the override: a warning, not a page.')
statement(w, 'DestinationObjects')['Action'] = ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags']
bucket(w, 'acme-orders-dr')['objectOwnership'] = 'BucketOwnerEnforced'
worlds['owner-enforced-no-override'] = w

for name, world in worlds.items():
    with open(f'examples/worlds/{name}.json', 'w') as out:
        json.dump(world, out, indent=2)
        out.write('\n')
    print(name)
