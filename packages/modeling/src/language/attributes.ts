import type { Attr } from './ast.ts';
import type { Lowering } from './context.ts';
import { didYouMean } from './resolve.ts';
import type { AttrInfo } from './scope.ts';

/** Attributes with a meaning of their own, and the kind of value each needs. */
const SPECIAL: Record<string, { kind: AttrInfo['kind']; what: string }> = {
  price: { kind: 'number', what: 'a number (a surcharge)' },
  part: { kind: 'string', what: 'a part number in quotes' },
  preview: { kind: 'string', what: 'an SVG fragment or asset path in quotes' },
};

const KIND_NAMES: Record<AttrInfo['kind'], string> = { number: 'a number', symbol: 'a symbol', string: 'a string' };

/**
 * The attributes of a choice's values (or of a flag, as its value "true"): their kind, their type
 * when their symbols are members of a declared type, and which values lack them.
 */
export function collectAttributes(low: Lowering, owner: string, values: { name: string; attrs: Attr[] }[]): Map<string, AttrInfo> {
  const infos = new Map<string, AttrInfo>();
  const untyped: { info: AttrInfo; symbol: string; attr: Attr }[] = [];
  for (const v of values) {
    const seen = new Set<string>();
    for (const attr of v.attrs) {
      const name = attr.name.text;
      if (seen.has(name)) {
        low.error('duplicate-name', `attribute "${name}" is given twice for ${v.name === 'true' ? owner : `value "${v.name}" of ${owner}`}`, attr.name.pos);
        continue;
      }
      seen.add(name);
      const kind = attr.value.kind;
      const special = SPECIAL[name];
      if (special && special.kind !== kind) {
        low.error('type', `attribute "${name}" must be ${special.what}, not ${KIND_NAMES[kind]}`, attr.value.pos);
        continue;
      }
      let info = infos.get(name);
      if (!info) {
        info = { name, kind, numbers: {}, texts: {}, missing: [], pos: attr.name.pos, positions: {} };
        infos.set(name, info);
      } else if (info.kind !== kind) {
        low.error(
          'type',
          `attribute "${name}" of ${owner} is ${KIND_NAMES[info.kind]} elsewhere but ${KIND_NAMES[kind]} here`,
          attr.value.pos,
        );
        continue;
      }
      const value = attr.value;
      info.positions[v.name] = value.pos;
      if (value.kind === 'number') {
        info.numbers[v.name] = value.value;
        continue;
      }
      if (value.kind === 'string') {
        info.texts[v.name] = value.value;
        continue;
      }
      info.texts[v.name] = value.name;
      const type = symbolType(low, info, value.name, value.type, value.pos);
      if (type === null) continue;
      if (type === undefined) untyped.push({ info, symbol: value.name, attr });
      else if (info.type === undefined) info.type = type;
      else if (info.type !== type)
        low.error('type', `attribute "${name}" of ${owner} mixes members of types ${info.type} and ${type}`, value.pos);
    }
  }
  // A symbol outside the type the other values use is most likely a typo of one of its members.
  for (const { info, symbol, attr } of untyped) {
    if (!info.type) continue;
    const members = low.globals.types.get(info.type)?.members;
    if (!members || members.has(symbol)) continue;
    low.error('unknown-value', `"${symbol}" is not a member of type ${info.type}`, attr.value.pos, didYouMean(symbol, members.keys()));
  }
  for (const info of infos.values()) {
    for (const v of values) if (!(v.name in info.numbers) && !(v.name in info.texts)) info.missing.push(v.name);
  }
  return infos;
}

/**
 * The declared type a symbol belongs to: undefined when it belongs to none (a free symbol), null
 * when the reference is wrong (already reported).
 */
function symbolType(low: Lowering, info: AttrInfo, symbol: string, qualifier: string | undefined, pos: AttrInfo['pos']): string | undefined | null {
  const types = low.globals.types;
  if (qualifier !== undefined) {
    const t = types.get(qualifier);
    if (!t) {
      low.error('unknown-name', `unknown type "${qualifier}"`, pos, didYouMean(qualifier, types.keys()));
      return null;
    }
    if (!t.members.has(symbol)) {
      low.error('unknown-value', `"${symbol}" is not a member of type ${qualifier}`, pos, didYouMean(symbol, t.members.keys()));
      return null;
    }
    return qualifier;
  }
  const owners = low.globals.memberTypes.get(symbol) ?? [];
  if (owners.length === 0) return undefined;
  if (info.type && owners.includes(info.type)) return info.type;
  if (owners.length > 1) {
    low.error('ambiguous-name', `"${symbol}" is a member of types ${owners.join(' and ')}; write ${owners[0]}.${symbol}`, pos);
    return null;
  }
  return owners[0];
}
