import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ts from 'typescript';
import { bundleModules } from './bundle-modules.js';

/** One AWS SDK command a function's code can send, and where. */
export interface CommandUse {
  sdkPackage: string;
  command: string;
  /** `shared/aws/s3-object-reader.ts:99` */
  location: string;
}

export interface FunctionCode {
  commands: CommandUse[];
  /** Ways to reach AWS this test cannot attribute to commands: each one fails the test. */
  unattributed: string[];
}

/**
 * The AWS commands a function's bundle can send (see bundle-modules.ts): a command counts when a
 * source file imports it from an AWS SDK package and the file's code that survived tree shaking
 * still names it. Imports from the SDK other than commands, clients and paginators, and any
 * package other than the SDK's own that imports an SDK client, are reported as unattributed: they
 * could send requests no command here accounts for.
 */
export async function commandsOfFunction(
  root: string,
  entry: string,
  settings: Record<string, unknown>,
): Promise<FunctionCode> {
  const { segments, foreignImporters } = await bundleModules(root, entry, settings);
  const commands: CommandUse[] = [];
  const unattributed = [...foreignImporters];
  for (const [file, segment] of segments) {
    if (file.includes('node_modules/')) continue;
    const source = ts.createSourceFile(
      file,
      await readFile(join(root, file), 'utf8'),
      ts.ScriptTarget.Latest,
    );
    const found = sdkUsesOf(source, segment);
    commands.push(...found.commands);
    unattributed.push(...found.unattributed);
  }
  return { commands, unattributed };
}

/** SDK packages that never call AWS: reading credentials from the environment sends nothing. */
const SENDS_NO_REQUEST = new Set(['@aws-sdk/credential-provider-env']);

/** Commands (and paginators) a source file imports from the SDK and its bundled code still uses. */
function sdkUsesOf(source: ts.SourceFile, segment: string): FunctionCode {
  const commands: CommandUse[] = [];
  const unattributed: string[] = [];
  const where = (node: ts.Node) =>
    `${source.fileName}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
  const usedInBundle = (name: string) => new RegExp(`\\b${name}\\d*\\b`).test(segment);
  ts.forEachChild(source, function visit(node) {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const sdkPackage = node.moduleSpecifier.text;
      const clause = node.importClause;
      if (!sdkPackage.startsWith('@aws-sdk/') || clause === undefined || clause.isTypeOnly) return;
      if (SENDS_NO_REQUEST.has(sdkPackage)) return;
      if (clause.name !== undefined || (clause.namedBindings && !ts.isNamedImports(clause.namedBindings))) {
        unattributed.push(`${where(node)} imports ${sdkPackage} whole: name the commands it sends`);
        return;
      }
      for (const element of clause.namedBindings?.elements ?? []) {
        if (element.isTypeOnly) continue;
        const imported = (element.propertyName ?? element.name).text;
        const command = imported.endsWith('Command')
          ? imported
          : imported.startsWith('paginate')
            ? `${imported.slice('paginate'.length)}Command`
            : undefined;
        if (command === undefined) {
          if (!imported.endsWith('Client') && usedInBundle(imported)) {
            unattributed.push(
              `${where(element)} uses ${imported} from ${sdkPackage}, not a command or a client`,
            );
          }
        } else if (usedInBundle(imported)) {
          commands.push({
            sdkPackage,
            command,
            location: firstUse(source, element.name.text) ?? where(element),
          });
        }
      }
      return;
    }
    if (ts.isCallExpression(node) && isDynamicSdkImport(node)) {
      unattributed.push(`${where(node)} loads an AWS SDK package dynamically`);
    }
    ts.forEachChild(node, visit);
  });
  return { commands, unattributed };
}

function isDynamicSdkImport(call: ts.CallExpression): boolean {
  const loads =
    call.expression.kind === ts.SyntaxKind.ImportKeyword ||
    (ts.isIdentifier(call.expression) && call.expression.text === 'require');
  const [specifier] = call.arguments;
  return (
    loads &&
    specifier !== undefined &&
    ts.isStringLiteral(specifier) &&
    specifier.text.startsWith('@aws-sdk/')
  );
}

/** `file:line` of the first `new Name(` or `Name(` call, where the command is sent. */
function firstUse(source: ts.SourceFile, local: string): string | undefined {
  let found: ts.Node | undefined;
  ts.forEachChild(source, function visit(node) {
    if (found !== undefined) return;
    if (
      (ts.isNewExpression(node) || ts.isCallExpression(node)) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === local
    ) {
      found = node;
      return;
    }
    ts.forEachChild(node, visit);
  });
  if (found === undefined) return undefined;
  return `${source.fileName}:${source.getLineAndCharacterOfPosition(found.getStart(source)).line + 1}`;
}
