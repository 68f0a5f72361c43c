"""Derives the destination-bucket-policy guard-rail worlds from healthy-multi-rule.json.

Each world adds one common guard rail to the bucket policy of the cross-account DR bucket
(acme-orders-dr, account 444455556666). Most must stay healthy (replication requests carry the
key the guard rail checks, with a value it accepts); two are genuinely broken (they name another
role or organization) and two cannot be decided (they test keys the monitor cannot know).

Run from the repository root: python3 examples/worlds/generate/guard_rail_worlds.py && npm run format
"""
import copy
import json

BASE = json.load(open('examples/worlds/healthy-multi-rule.json'))
ROLE = 'arn:aws:iam::111122223333:role/service-role/s3-replication-orders'
ROLE_ID = 'AROAEXAMPLEORDERS1234'
DR = 'arn:aws:s3:::acme-orders-dr'
ORG = 'o-a1b2c3d4e5'
ORGANIZATION = {
    'id': ORG,
    'managementAccount': '999988887777',
    'accounts': [
        {'id': '111122223333', 'name': 'workloads-prod', 'ouPath': f'{ORG}/r-ab12/ou-ab12-11111111/'},
        {'id': '444455556666', 'name': 'backup-vault', 'ouPath': f'{ORG}/r-ab12/ou-ab12-22222222/'},
    ],
}
CONDITION_KEYS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html'
RPERM = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html'
ORDERS = f'{DR}/orders/*'
INVOICES = f'{DR}/invoices/*'


def base(description):
    world = copy.deepcopy(BASE)
    world['description'] = description
    world['buckets'] = [b for b in world['buckets'] if b['name'].startswith('acme-orders')]
    world['roles'] = [r for r in world['roles'] if r['arn'] == ROLE]
    world['roles'][0]['roleId'] = ROLE_ID
    return world


def dr_policy(world):
    return next(b for b in world['buckets'] if b['name'] == 'acme-orders-dr')['policy']


def deny_all(sid, condition, actions='s3:*'):
    return {'Sid': sid, 'Effect': 'Deny', 'Principal': '*', 'Action': actions,
            'Resource': [DR, f'{DR}/*'], 'Condition': condition}


def healthy(because):
    return {'verdict': 'healthy', 'findings': [], 'info': [], 'because': because}


def denied(because, resources, actions=('s3:ReplicateObject', 's3:ObjectOwnerOverrideToBucketOwner')):
    findings = []
    for resource in resources:
        for action in actions:
            findings.append({'code': 'ROLE_PERMISSION_MISSING', 'severity': 'critical', 'action': action,
                             'resource': resource, 'layer': 'bucket-policy'})
        if resource == ORDERS:
            findings.append({'code': 'ROLE_PERMISSION_MISSING', 'severity': 'warning', 'action': 's3:ReplicateDelete',
                             'resource': resource, 'layer': 'bucket-policy'})
    return {'verdict': 'broken', 'findings': findings, 'info': [], 'because': because}


def not_verified(because):
    info = [{'code': 'PERMISSION_NOT_VERIFIED', 'action': action}
            for action in ('s3:ReplicateObject', 's3:ObjectOwnerOverrideToBucketOwner', 's3:ReplicateDelete')]
    return {'verdict': 'healthy', 'findings': [], 'info': info, 'because': because}


worlds = {}


def world(name, description, statement, expected, organization=False, replace_allows=False):
    w = base(description)
    policy = dr_policy(w)
    if replace_allows:
        policy['Statement'] = []
    policy['Statement'].append(statement)
    if organization:
        w['organization'] = ORGANIZATION
    w['expected'] = expected
    worlds[name] = w


world('tls-only', 'Guard rail: the DR bucket denies every request without TLS (aws:SecureTransport false).',
      deny_all('DenyInsecureTransport', {'Bool': {'aws:SecureTransport': 'false'}}),
      healthy(f'IAM: aws:SecureTransport "is always included in the request context" ({CONDITION_KEYS}). That S3\'s replication calls use TLS is not stated by AWS; the monitor assumes it, as the TLS-only deny AWS Security Hub asks for (S3.5, https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-5) is common on replicated buckets. The verdict rests on that inference.'))

world('deny-other-principals', 'Guard rail: the DR bucket denies writes by any principal other than the replication role (ArnNotLike aws:PrincipalArn).',
      deny_all('OnlyReplicationRoleWrites', {'ArnNotLike': {'aws:PrincipalArn': ROLE}},
               ['s3:PutObject', 's3:ReplicateObject', 's3:ReplicateDelete', 's3:ObjectOwnerOverrideToBucketOwner']),
      healthy(f'"For IAM roles, the request context returns the ARN of the role, not the ARN of the user that assumed the role" (aws:PrincipalArn, {CONDITION_KEYS}): replication requests carry the role ARN.'))

world('deny-other-principals-ifexists', 'Guard rail: as deny-other-principals, written with ArnNotLikeIfExists.',
      deny_all('OnlyReplicationRoleWritesIfExists', {'ArnNotLikeIfExists': {'aws:PrincipalArn': ROLE}},
               ['s3:PutObject', 's3:ReplicateObject', 's3:ReplicateDelete', 's3:ObjectOwnerOverrideToBucketOwner']),
      healthy(f'aws:PrincipalArn is present in every request signed with IAM credentials and is the role ARN for a role session ({CONDITION_KEYS}).'))

world('deny-other-accounts', 'Guard rail: the DR bucket denies principals outside the source and vault accounts (StringNotEquals aws:PrincipalAccount).',
      deny_all('OnlyOurAccounts', {'StringNotEquals': {'aws:PrincipalAccount': ['111122223333', '444455556666']}}),
      healthy(f'aws:PrincipalAccount is the account the requesting principal belongs to ({CONDITION_KEYS}): 111122223333 for the replication role.'))

world('allow-by-principal-arn-pattern', 'Guard rail: the DR bucket grants replication to Principal "*" limited by ArnLike aws:PrincipalArn on the replication role naming pattern, instead of naming the role.',
      {'Sid': 'ReplicationRolesByName', 'Effect': 'Allow', 'Principal': {'AWS': '*'},
       'Action': ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags', 's3:ObjectOwnerOverrideToBucketOwner'],
       'Resource': f'{DR}/*',
       'Condition': {'ArnLike': {'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/service-role/s3-replication-*'}}},
      healthy(f'A resource policy statement with Principal "*" and an aws:PrincipalArn condition grants the principals whose ARN matches ({CONDITION_KEYS}); cross-account access also needs the role\'s own policy, which grants it ({RPERM}).'),
      replace_allows=True)

world('deny-outside-organization', 'Guard rail: the DR bucket denies principals outside the organization (StringNotEquals aws:PrincipalOrgID); the monitor can read the organization.',
      deny_all('OnlyOurOrganization', {'StringNotEquals': {'aws:PrincipalOrgID': ORG}}),
      healthy(f'aws:PrincipalOrgID is the organization of the requesting principal\'s account ({CONDITION_KEYS}); the source account is a member of {ORG}.'),
      organization=True)

world('allow-organization', 'Guard rail: the DR bucket grants replication to every principal of the organization (Principal "*", StringEquals aws:PrincipalOrgID) instead of naming the role.',
      {'Sid': 'OrganizationReplicates', 'Effect': 'Allow', 'Principal': '*',
       'Action': ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags', 's3:ObjectOwnerOverrideToBucketOwner'],
       'Resource': f'{DR}/*', 'Condition': {'StringEquals': {'aws:PrincipalOrgID': ORG}}},
      healthy(f'aws:PrincipalOrgID of the role is {ORG} ({CONDITION_KEYS}); the role\'s own policy grants the actions ({RPERM}).'),
      organization=True, replace_allows=True)

world('deny-by-role-id', 'Guard rail: the DR bucket denies every user id but the replication role\'s sessions (StringNotLike aws:userid ROLEID:*).',
      deny_all('OnlyReplicationRoleSessions', {'StringNotLike': {'aws:userid': [f'{ROLE_ID}:*', '444455556666']}},
               ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ObjectOwnerOverrideToBucketOwner']),
      healthy(f'For a role session aws:userid is "role-id:caller-specified-role-name" ({CONDITION_KEYS}); {ROLE_ID}:* matches any session of the role.'))

world('deny-unencrypted-uploads', 'Guard rail: the DR bucket denies PutObject without SSE-KMS; replication writes are s3:ReplicateObject, which the statement does not name.',
      deny_all('DenyUnencryptedUploads', {'StringNotEquals': {'s3:x-amz-server-side-encryption': 'aws:kms'}}, 's3:PutObject'),
      healthy(f'S3 authorises replica writes as s3:ReplicateObject, not s3:PutObject ({RPERM}), so a Deny on s3:PutObject does not apply to them.'))

world('deny-wrong-organization', 'Breakage: the DR bucket denies principals outside an organization the source account is not in (a copy-pasted organization id).',
      deny_all('OnlyOurOrganization', {'StringNotEquals': {'aws:PrincipalOrgID': 'o-z9y8x7w6v5'}}),
      denied(f'The replication role\'s aws:PrincipalOrgID is {ORG}, not o-z9y8x7w6v5 ({CONDITION_KEYS}); "an explicit deny in any of these policies overrides the allow" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).', [ORDERS, INVOICES]),
      organization=True)

world('deny-other-role', 'Breakage: the DR bucket denies writes by any principal but a role of another name (the old replication role).',
      deny_all('OnlyReplicationRoleWrites', {'ArnNotLike': {'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/service-role/s3-replication-legacy'}},
               ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ObjectOwnerOverrideToBucketOwner']),
      denied(f'aws:PrincipalArn of the requests is {ROLE}, which the ArnNotLike does not exempt ({CONDITION_KEYS}); an explicit deny overrides every allow (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).', [ORDERS, INVOICES]))

world('deny-outside-network', 'Undecidable: the DR bucket denies requests from outside a network range (NotIpAddress aws:SourceIp); what address S3 replication presents is not documented.',
      deny_all('OnlyFromCorporateNetwork', {'NotIpAddress': {'aws:SourceIp': ['192.0.2.0/24', '198.51.100.0/24']}}),
      not_verified('AWS documents that key policies restricted to CIDR ranges or VPC endpoints can make replication fail (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html) but not which aws:SourceIp a replication request carries: the monitor reports the permission as not verified, never as a failure.'))

world('deny-outside-vpce', 'Undecidable: the DR bucket denies requests that do not come through a VPC endpoint (StringNotEquals aws:SourceVpce).',
      deny_all('OnlyThroughVpce', {'StringNotEquals': {'aws:SourceVpce': 'vpce-1a2b3c4d'}}),
      not_verified('Whether a replication request carries aws:SourceVpce is not documented ({CONDITION_KEYS}): the permission is reported as not verified.'.replace('{CONDITION_KEYS}', CONDITION_KEYS)))

world('deny-outside-organization-unread', 'Undecidable: as deny-outside-organization, but the monitor is refused organizations:DescribeOrganization, so the organization of the role is unknown.',
      deny_all('OnlyOurOrganization', {'StringNotEquals': {'aws:PrincipalOrgID': ORG}}),
      not_verified(f'Without the organization the value of aws:PrincipalOrgID is unknown ({CONDITION_KEYS}): the permission is reported as not verified, with the grant that makes it verifiable.'),
      organization=True)
worlds['deny-outside-organization-unread']['denied'] = [{'action': 'organizations:DescribeOrganization', 'resource': '*'}]

for name, w in worlds.items():
    with open(f'examples/worlds/guard-rails/{name}.json', 'w') as out:
        json.dump(w, out, indent=2)
        out.write('\n')
print(f'{len(worlds)} worlds written')
