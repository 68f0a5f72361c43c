import { NO_RESOURCE_SCOPE, WILDCARD_ARN_SCOPES } from './command-actions.js';
import type { Need } from './platform-needs.js';
import type { RoleStatement } from './role-statements.js';
import { hasWildcard, isStar, textOf } from './template.js';

/** A role with everything that must be true of it: the functions using it and their needs. */
export interface RoleUnderTest {
  /** The function keys that run with the role, for messages: `audit`. */
  functions: string;
  role: string;
  statements: RoleStatement[];
  needs: Need[];
}

const allows = (role: RoleUnderTest) =>
  role.statements.filter((statement) => statement.effect === 'Allow' && statement.unreadable === undefined);

/** IAM matches actions case-insensitively, with `*` and `?` wildcards. */
function grants(pattern: string, action: string): boolean {
  const expression = pattern.toLowerCase().replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${expression.replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(action.toLowerCase());
}

/** Every need has an Allow statement for its action (on its resource, when it names one). */
export function missingGrants(role: RoleUnderTest): string[] {
  const problems = new Set<string>();
  for (const need of role.needs) {
    const granting = allows(role).filter((statement) =>
      statement.actions.some((a) => grants(a, need.action)),
    );
    if (granting.length === 0) {
      problems.add(`${role.functions}: ${need.reason} needs ${need.action}; no statement grants it`);
      continue;
    }
    const { resource } = need;
    if (resource && !granting.some((statement) => statement.resources.some(resource.matches))) {
      const granted = granting.flatMap((statement) => statement.resources.map(textOf)).join(', ');
      problems.add(
        `${role.functions}: ${need.reason} needs ${need.action} on ${resource.text}; statements grant it only on ${granted}`,
      );
    }
  }
  return [...problems];
}

/** No Allow statement grants an action that no need asks for. */
export function extraGrants(role: RoleUnderTest): string[] {
  const needed = new Set(role.needs.map((need) => need.action.toLowerCase()));
  return allows(role).flatMap((statement) =>
    statement.actions
      .filter((action) => !/[*?]/.test(action) && !needed.has(action.toLowerCase()))
      .map(
        (action) =>
          `${role.functions}: ${statement.origin} grants ${action}, which neither the code of ${role.functions} nor Lambda needs`,
      ),
  );
}

/** No wildcard actions, no NotAction or NotResource, every Allow has a Resource. */
export function wildcardActions(role: RoleUnderTest): string[] {
  return role.statements.flatMap((statement) => {
    if (statement.unreadable !== undefined)
      return [`${role.functions}: ${statement.origin}: ${statement.unreadable}`];
    const problems = statement.actions
      .filter((action) => /[*?]/.test(action))
      .map((action) => `${role.functions}: ${statement.origin} grants the wildcard action ${action}`);
    if (statement.effect === 'Allow' && statement.resources.length === 0) {
      problems.push(`${role.functions}: ${statement.origin} has no Resource`);
    }
    return problems;
  });
}

/** `Resource: "*"` only for actions without resource-level permissions. */
export function starResources(role: RoleUnderTest): string[] {
  return allows(role)
    .filter((statement) => statement.resources.some(isStar))
    .flatMap((statement) =>
      statement.actions
        .filter((action) => NO_RESOURCE_SCOPE[action.toLowerCase()] === undefined)
        .map(
          (action) =>
            `${role.functions}: ${statement.origin} grants ${action} on Resource "*"; only actions without resource-level permissions may be (${Object.keys(NO_RESOURCE_SCOPE).join(', ')})`,
        ),
    );
}

/** A `*` inside an ARN only for actions whose narrowest scope is a pattern (see WILDCARD_ARN_SCOPES). */
export function wildcardArns(role: RoleUnderTest): string[] {
  return allows(role).flatMap((statement) => {
    const patterns = statement.resources.filter((resource) => !isStar(resource) && hasWildcard(resource));
    if (patterns.length === 0) return [];
    return statement.actions
      .filter((action) => WILDCARD_ARN_SCOPES[action.toLowerCase()] === undefined)
      .map(
        (action) =>
          `${role.functions}: ${statement.origin} grants ${action} on ${patterns.map(textOf).join(', ')}; name the resource itself (a Ref, a GetAtt, a full ARN)`,
      );
  });
}
