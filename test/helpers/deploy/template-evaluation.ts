import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { isRecord, type Json, type Template } from './template.js';

// js-yaml comes with serverless (osls), a devDependency; it has no type declarations here.
const { load } = createRequire(import.meta.url)('js-yaml') as { load: (text: string) => unknown };

/**
 * A CloudFormation template written in YAML with long-form intrinsics (`Fn::Sub:`, `Ref:`), as
 * plain YAML: a short-form tag (`!Sub`) is an error of js-yaml's default schema, not a string.
 */
export async function readYamlTemplate(path: string): Promise<Template> {
  const template = load(await readFile(path, 'utf8'));
  if (!isRecord(template) || !isRecord(template.Resources)) {
    throw new Error(`${path} is not a CloudFormation template (no Resources)`);
  }
  return template as unknown as Template;
}

/** Parameter values of one deployment: a CommaDelimitedList is given as its list. */
export type ParameterValues = Readonly<Record<string, string | readonly string[]>>;

export interface Evaluation {
  conditions: Record<string, boolean>;
  /** The template with every condition decided and every intrinsic it can evaluate evaluated. */
  template: Template;
}

const NO_VALUE = Symbol('AWS::NoValue');

/**
 * Evaluates a template as CloudFormation would for one set of parameters (template defaults for
 * the rest; a value outside a String parameter's AllowedValues or AllowedPattern throws, as
 * CloudFormation refuses it) and pseudo parameters: `Conditions`, then Fn::If (AWS::NoValue dropped), Ref to a
 * parameter or pseudo parameter, Fn::Sub, Fn::Join, Fn::Split, Fn::Select. Ref to a resource and
 * Fn::GetAtt are left as they are. Anything else this does not know throws: no silent guess.
 */
export function evaluateTemplate(
  template: Template,
  parameters: ParameterValues,
  pseudo: Readonly<Record<string, string>>,
): Evaluation {
  const { Parameters: declaredParameters } = template as Template & { Parameters?: unknown };
  const declared = isRecord(declaredParameters) ? declaredParameters : {};
  const values: Record<string, string | readonly string[]> = {};
  for (const [name, declaration] of Object.entries(declared)) {
    const given = parameters[name];
    const fallback = isRecord(declaration) ? declaration.Default : undefined;
    const raw = given ?? (typeof fallback === 'string' ? fallback : undefined);
    if (raw === undefined) throw new Error(`parameter ${name} has no value and no default`);
    const listType = isRecord(declaration) && declaration.Type === 'CommaDelimitedList';
    const value = listType && typeof raw === 'string' ? raw.split(',') : raw;
    if (isRecord(declaration) && typeof value === 'string') {
      const { AllowedValues: allowed, AllowedPattern: pattern } = declaration;
      if (Array.isArray(allowed) && !allowed.includes(value)) {
        throw new Error(`parameter ${name}: ${JSON.stringify(value)} is not one of its AllowedValues`);
      }
      if (typeof pattern === 'string' && !new RegExp(pattern).test(value)) {
        throw new Error(`parameter ${name}: ${JSON.stringify(value)} does not match its AllowedPattern`);
      }
    }
    values[name] = value;
  }
  for (const name of Object.keys(parameters)) {
    if (!(name in declared)) throw new Error(`${name} is not a parameter of the template`);
  }
  const reference = (name: string): Json => {
    if (name in values) return values[name];
    if (name in pseudo) return pseudo[name];
    return undefined;
  };
  const conditions: Record<string, boolean> = {};
  const definitions = isRecord(template.Conditions) ? template.Conditions : {};
  const condition = (name: string, seen: string[] = []): boolean => {
    if (name in conditions) return conditions[name] as boolean;
    if (!(name in definitions)) throw new Error(`condition ${name} is not defined`);
    if (seen.includes(name)) throw new Error(`condition ${name} refers to itself`);
    const value = decide(definitions[name], [...seen, name]);
    conditions[name] = value;
    return value;
  };
  const decide = (expression: Json, seen: string[]): boolean => {
    if (!isRecord(expression)) throw new Error(`not a condition: ${JSON.stringify(expression)}`);
    if (typeof expression.Condition === 'string') return condition(expression.Condition, seen);
    const [[name, operands] = []] = Object.entries(expression);
    if (!Array.isArray(operands)) throw new Error(`not a condition: ${JSON.stringify(expression)}`);
    switch (name) {
      case 'Fn::Equals':
        return JSON.stringify(evaluate(operands[0])) === JSON.stringify(evaluate(operands[1]));
      case 'Fn::Not':
        return !decide(operands[0], seen);
      case 'Fn::And':
        return operands.every((operand) => decide(operand, seen));
      case 'Fn::Or':
        return operands.some((operand) => decide(operand, seen));
      default:
        throw new Error(`condition function ${name} is not supported here`);
    }
  };
  const evaluate = (value: Json): Json | typeof NO_VALUE => {
    if (Array.isArray(value)) {
      return value.map((item) => evaluate(item)).filter((item): item is Json => item !== NO_VALUE);
    }
    if (!isRecord(value)) return value;
    const keys = Object.keys(value);
    const [key] = keys;
    if (keys.length === 1 && key !== undefined && (key === 'Ref' || key.startsWith('Fn::'))) {
      return intrinsic(key, value[key]);
    }
    const result: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value)) {
      const evaluated = evaluate(item);
      if (evaluated !== NO_VALUE) result[name] = evaluated;
    }
    return result;
  };
  const text = (value: Json): string => {
    const evaluated = evaluate(value);
    if (typeof evaluated !== 'string') throw new Error(`expected a string, got ${JSON.stringify(evaluated)}`);
    return evaluated;
  };
  const intrinsic = (name: string, argument: Json): Json | typeof NO_VALUE => {
    switch (name) {
      case 'Ref': {
        if (argument === 'AWS::NoValue') return NO_VALUE;
        const resolved = typeof argument === 'string' ? reference(argument) : undefined;
        return resolved === undefined ? { Ref: argument } : resolved;
      }
      case 'Fn::GetAtt':
        return { 'Fn::GetAtt': argument };
      case 'Fn::If': {
        if (!Array.isArray(argument) || argument.length !== 3 || typeof argument[0] !== 'string') {
          throw new Error(`malformed Fn::If: ${JSON.stringify(argument)}`);
        }
        return evaluate(condition(argument[0]) ? argument[1] : argument[2]);
      }
      case 'Fn::Join': {
        const [delimiter, list] = Array.isArray(argument) ? argument : [];
        if (typeof delimiter !== 'string') throw new Error('Fn::Join needs a literal delimiter');
        const items = evaluate(list);
        if (!Array.isArray(items)) throw new Error(`Fn::Join of ${JSON.stringify(items)}`);
        return items
          .map((item) => {
            if (typeof item !== 'string') throw new Error(`Fn::Join of ${JSON.stringify(item)}`);
            return item;
          })
          .join(delimiter);
      }
      case 'Fn::Split': {
        const [delimiter, source] = Array.isArray(argument) ? argument : [];
        if (typeof delimiter !== 'string') throw new Error('Fn::Split needs a literal delimiter');
        return text(source).split(delimiter);
      }
      case 'Fn::Select': {
        const [index, list] = Array.isArray(argument) ? argument : [];
        const items = evaluate(list);
        if (!Array.isArray(items)) throw new Error(`Fn::Select from ${JSON.stringify(items)}`);
        const at = Number(index);
        if (!Number.isInteger(at) || at < 0 || at >= items.length) {
          throw new Error(`Fn::Select index ${String(index)} outside ${JSON.stringify(items)}`);
        }
        return items[at];
      }
      case 'Fn::Sub': {
        const [pattern, variables] =
          typeof argument === 'string' ? [argument, {}] : Array.isArray(argument) ? argument : [];
        if (typeof pattern !== 'string' || !isRecord(variables)) throw new Error('malformed Fn::Sub');
        return pattern.replace(/\$\{([^}!]+)\}/g, (_, variable: string) => {
          const resolved = variable in variables ? evaluate(variables[variable]) : reference(variable);
          if (typeof resolved !== 'string') throw new Error(`Fn::Sub cannot resolve \${${variable}}`);
          return resolved;
        });
      }
      default:
        throw new Error(`${name} is not supported here`);
    }
  };
  for (const name of Object.keys(definitions)) condition(name);
  // Parameters and Conditions are inputs, not values: only what uses them is evaluated.
  const {
    Parameters: _parameters,
    Conditions: _conditions,
    ...rest
  } = template as Template & {
    Parameters?: unknown;
  };
  const evaluated = evaluate(rest) as Record<string, unknown>;
  return { conditions, template: evaluated as unknown as Template };
}
