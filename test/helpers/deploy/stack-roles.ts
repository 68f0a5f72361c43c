import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { permissionsOf } from './command-actions.js';
import { type CommandUse, commandsOfFunction } from './function-commands.js';
import type { PackagedStack } from './package-stack.js';
import { type Need, platformNeeds } from './platform-needs.js';
import type { RoleUnderTest } from './role-checks.js';
import { statementsOfRole } from './role-statements.js';
import { functionKeyOf, referencedId, resourcesOfType } from './template.js';

export interface FunctionUnderTest {
  key: string;
  logicalId: string;
  /** The handler's source file: `functions/audit.ts`. */
  entry: string | undefined;
  roleId: string | undefined;
  commands: CommandUse[];
}

export interface StackRoles {
  functions: FunctionUnderTest[];
  roles: RoleUnderTest[];
  /** What keeps the test from vouching for a role: unknown commands, unreadable policies … */
  problems: string[];
}

/**
 * Every AWS::Lambda::Function of the template with its role and the needs of its code (the
 * commands its bundle can send, through command-actions.ts) and of Lambda (platform-needs.ts),
 * gathered per role: a role shared by several functions needs what each of them needs.
 */
export async function stackRoles(root: string, stack: PackagedStack): Promise<StackRoles> {
  const problems: string[] = [];
  const functions: FunctionUnderTest[] = [];
  const byRole = new Map<string, { keys: string[]; needs: Need[] }>();
  for (const [logicalId, resource] of resourcesOfType(stack.template, 'AWS::Lambda::Function')) {
    const key = functionKeyOf(logicalId);
    const properties = resource.Properties ?? {};
    const entry = entryOf(root, properties.Handler);
    const roleId = referencedId(properties.Role);
    if (entry === undefined)
      problems.push(`${key}: no source file for handler ${String(properties.Handler)}`);
    if (roleId === undefined || stack.template.Resources[roleId] === undefined) {
      problems.push(`${key}: its role ${JSON.stringify(properties.Role)} is not a role of the template`);
    }
    const code =
      entry === undefined
        ? { commands: [], unattributed: [] }
        : await commandsOfFunction(root, entry, stack.esbuild);
    problems.push(...code.unattributed.map((message) => `${key}: ${message}`));
    const platform = platformNeeds(stack.template, logicalId);
    problems.push(...platform.unsupported.map((message) => `${key}: ${message}; extend platform-needs.ts`));
    const needs = [...platform.needs, ...needsOfCode(key, code.commands, problems)];
    functions.push({ key, logicalId, entry, roleId, commands: code.commands });
    if (roleId === undefined) continue;
    const role = byRole.get(roleId) ?? { keys: [], needs: [] };
    role.keys.push(key);
    role.needs.push(...needs);
    byRole.set(roleId, role);
  }
  const roles = [...byRole].map(([roleId, { keys, needs }]) => {
    const { statements, problems: unreadable } = statementsOfRole(stack.template, roleId);
    problems.push(...unreadable);
    return { functions: keys.join(', '), role: roleId, statements, needs };
  });
  return { functions, roles, problems };
}

function needsOfCode(key: string, commands: CommandUse[], problems: string[]): Need[] {
  return commands.flatMap(({ sdkPackage, command, location }) => {
    const permissions = permissionsOf(sdkPackage, command);
    if (permissions === undefined) {
      problems.push(
        `${key}: ${command} (${location}) from ${sdkPackage} is not in test/helpers/deploy/command-actions.ts: add the IAM actions it needs there, and the statement to the role`,
      );
      return [];
    }
    return permissions.actions.map((action) => ({ action, reason: `${command} (${location})` }));
  });
}

/** `functions/audit.handler` → `functions/audit.ts` (or .mts, .js, .mjs), if it exists. */
function entryOf(root: string, handler: unknown): string | undefined {
  if (typeof handler !== 'string') return undefined;
  const base = handler.slice(0, handler.lastIndexOf('.'));
  return ['.ts', '.mts', '.js', '.mjs']
    .map((extension) => base + extension)
    .find((file) => existsSync(join(root, file)));
}
