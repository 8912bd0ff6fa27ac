import { test } from 'node:test';
import assert from 'node:assert/strict';
import { problems } from './test-support.ts';

/*
 * Every diagnostic the language reports, each from a small file with the mistake: the exact message,
 * line and column. Imported files: lib2.atl declares a product; a.atl and b.atl import each other.
 */

const FILES = { 'lib2.atl': 'product z {}', 'a.atl': 'import "b.atl"', 'b.atl': 'import "a.atl"' };

const CASES: [string, string, string[]][] = [
  ['unterminated string', `product p "P {
}`, [
      "1:11: error: unterminated string: missing the closing '\"' on this line",
      '2:1: error: expected "{" after "product p"',
    ]],
  ['unknown escape', `product p "a\\qb" {}`, [
      '1:13: error: unknown escape "\\q" in a string (use \\" \\\\ \\n or \\t)',
    ]],
  ['unexpected char', `product p {
  flag a "A"
  flag b "B"
  rule : a && b
}`, [
      '4:12: error: "&&" is written "and" here',
    ]],
  ['number-name', `product p { number 3d "x" 1..2 }`, [
      '1:20: error: "3d" is neither a number nor a name (names start with a letter)',
    ]],
  ['unterminated comment', `product p {}
/* never closed`, [
      '2:1: error: unterminated comment: "/*" without "*/"',
    ]],
  ['missing close choice', `product p {
  choice cpu "CPU" {
    value a "A"
  flag wifi "Wi-Fi"
}`, [
      '4:3: error: expected "}" after the values of choice "cpu"',
    ]],
  ['missing open', `product p {
  choice cpu "CPU"
    value a "A"
  }
}`, [
      '3:5: error: expected "{" after the label of choice "cpu"',
    ]],
  ['missing colon', `product p {
  flag a "A"
  rule "x" a
}`, [
      '3:12: error: expected ":" before the condition of rule "x"',
    ]],
  ['unexpected in product', `product p {
  colour c "C"
}`, [
      '2:3: error: unexpected "colour" in product "p"; expected a declaration such as "choice", "flag", "number", "component", "rule", "table" or "price"',
    ]],
  ['top level', `produkt p {}
product q {}`, [
      '1:1: error: unexpected "produkt" at the top of the file; expected "product", "component", "type", "part" or "import"',
    ]],
  ['if without then', `product p { flag a "A" price if a 3 else 4 }`, [
      '1:35: error: expected "then" after the condition of "if"',
    ]],
  ['if without else', `product p { flag a "A" price if a then 3 }`, [
      '1:42: error: expected "else" after "if … then …": both branches need a value',
    ]],
  ['atmost without of', `product p { flag a "A" rule : atmost 1 (a) }`, [
      '1:40: error: expected "of" after "atmost 1": write atmost 1 of (a, b, c)',
    ]],
  ['deep', `product p { flag a "A" rule : ${'('.repeat(150)}a${')'.repeat(150)} }`, [
      '1:131: error: expression nested too deeply (more than 100 levels)',
    ]],
  ['range', `product p { number n "N" 1 10 }`, [
      '1:28: error: expected ".." between the smallest and the largest value of number "n": write MIN..MAX',
    ]],
  ['table kind', `product p { choice c "C" { value a "A" } table (c) { a } }`, [
      '1:52: error: expected "allow" or "forbid" after the columns of the table, found "{"',
    ]],
  ['missing operand at line start', `product p {
  price 10 +
  flag a "A"
}`, [
      '3:3: error: expected a number or name after "+", found "flag"',
    ]],
  ['eof in product', `product p {
  flag a "A"`, [
      '2:13: error: expected "}" to close product "p"',
    ]],
  ['many errors', `product p {
  choice c "C" {
    value a "A" { watts }
    value b "B"
  }
  rule : c = 
  number n "N" 1..
  flag f "F" { default maybe }
  table (c) allow { a, }
}`, [
      '3:25: error: expected a value for attribute "watts" of value "a", found "}"',
      '7:3: error: expected a value after "=", found "number"',
      '8:3: error: expected the largest value of number "n" after "..", found "flag"',
      '8:24: error: expected true or false after "default" in flag "f", found "maybe"',
      '9:24: error: expected a value, "*" or a list in parentheses, found "}"',
    ]],
  ['import missing', `import "nope.atl"
product p {
flag a "A"
}`, [
      '1:1: error: cannot read imported file "nope.atl"',
    ]],
  ['import cycle', `import "a.atl"
product p {
flag a "A"
}`, [
      'b.atl:1:1: error: import cycle: a.atl → b.atl → a.atl',
    ]],
  ['dup type', `type T { a }
type T { b }
product p {

}`, [
      '2:6: error: type "T" is declared twice (first at line 1)',
    ]],
  ['dup member', `type T { a a }
product p {

}`, [
      '1:12: error: member "a" is listed twice in type "T"',
    ]],
  ['dup template', `component C { }
component C { }
product p {

}`, [
      '2:11: error: component template "C" is declared twice (first at line 1)',
    ]],
  ['dup part', `part "X"
part "X"
product p {

}`, [
      '2:1: error: part "X" is declared twice (first at line 1)',
    ]],
  ['two products', `product p {

}
product q {}`, [
      '4:1: error: a file holds one product; "p" is declared at line 1',
    ]],
  ['product in import', `import "lib2.atl"
product p {

}`, [
      'lib2.atl:1:1: error: product "z" is in an imported file; only the file being read may declare a product',
    ]],
  ['dup feature', `product p {
  flag a "A"
  choice a "A" { value x "X" }
}`, [
      '3:10: error: "a" is declared twice in product "p" (first as flag "a" at line 2)',
    ]],
  ['dup value', `product p {
  choice c "C" { value x "X" value x "Y" }
}`, [
      '2:36: error: value "x" is declared twice in choice "c"',
    ]],
  ['dup attr', `product p {
  choice c "C" { value x "X" { w 1 w 2 } }
}`, [
      '2:36: error: attribute "w" is given twice for value "x" of choice "c"',
    ]],
  ['dup currency', `product p {
  currency EUR
  currency USD
}`, [
      '3:3: error: the currency is already EUR',
    ]],
  ['currency format', `product p {
  currency euro
}`, [
      '2:3: warning: "euro" is not an ISO 4217 currency code such as EUR or USD',
    ]],
  ['dup preview', `product p {
  preview 0 0 1 1 { }
  preview 0 0 2 2 { }
}`, [
      '3:3: error: the product already has a preview (at line 2)',
    ]],
  ['misplaced in component', `product p {
  component k "K" {
    currency EUR
  }
}`, [
      '3:5: error: "currency" belongs to the product, not to component "k"',
    ]],
  ['default in product', `product p {
  default 3
}`, [
      '2:3: error: "default" belongs to a choice, flag, number or component, not to the product',
    ]],
  ['default plain comp', `product p {
  component k "K" {
    default 2
  }
}`, [
      '3:5: error: component "k" is always present, so it has no default; make it optional or repeated',
    ]],
  ['no product', `type T { a }`, [
      '1:1: warning: "main.atl" declares no product (a file of types, templates and parts is checked on its own)',
    ]],
  ['empty choice', `product p {
  choice c "C" { }
}`, [
      '2:10: error: choice "c" has no values; add at least one "value"',
    ]],
  ['bad default', `product p {
  choice cpu "CPU" { value r5_7600 "A" default r5_760 }
}`, [
      '2:48: error: default "r5_760" is not a value of choice "cpu" (did you mean "r5_7600"?)',
    ]],
  ['number bounds decimal', `product p {
  number n "N" 1.5..3
}`, [
      '2:16: error: number "n": the bounds 1.5..3 must be whole numbers',
    ]],
  ['number empty', `product p {
  number n "N" 5..3
}`, [
      '2:16: error: number "n": the range 5..3 is empty (the smallest value comes first)',
    ]],
  ['number step', `product p {
  number n "N" 1..5 step 0
}`, [
      '2:21: error: number "n": the step must be a whole number above 0, not 0',
    ]],
  ['number too large', `product p {
  number n "N" 1..1000000
}`, [
      '2:16: error: number "n" would have 1000000 values; at most 100000',
    ]],
  ['number default', `product p {
  number waist "Waist" 26..44 { default 50 }
}`, [
      '2:33: error: default 50 is not a value of number "waist" (26..44)',
    ]],
  ['repeat bad', `product p {
  component m "M" 3..1 { }
}`, [
      '2:19: error: component "m": 3..1 is not a number of instances (whole numbers, smallest first, from 0)',
    ]],
  ['repeat too many', `product p {
  component m "M" 1..5000 { }
}`, [
      '2:19: error: component "m" may repeat at most 1000 times, not 5000',
    ]],
  ['repeat default', `product p {
  component m "M" 1..4 {
    default 7
  }
}`, [
      '3:13: error: the default number of "m" must be between 1 and 4',
    ]],
  ['optional default', `product p {
  component g "G" optional {
    default 3
  }
}`, [
      '3:13: error: the default of optional component "g" is true or false',
    ]],
  ['price out of the cheapest completion', `product p {
  number n "N" 1..5000
  price "Rounded" ceil(n / 3)
  price "Fine" n * 2 / 10
}`, [
      '3:3: warning: the "cheapest" completion leaves this price out: it rounds or divides by a choice over more than 4096 combinations',
    ]],
  ['unknown template', `component Warranty { }
product p {
  use Waranty as w
}`, [
      '3:7: error: unknown component template "Waranty" (did you mean "Warranty"?)',
    ]],
  ['template cycle', `component A { use B as b }
component B { use A as a }
product p {
  use A as x
}`, [
      '2:15: error: component template "A" uses itself (A → B → A)',
    ]],
  ['special attr kind', `product p {
  choice c "C" { value x "X" { price "ten" part 3 } }
}`, [
      '2:38: error: attribute "price" must be a number (a surcharge), not a string',
      '2:49: error: attribute "part" must be a part number in quotes, not a number',
    ]],
  ['mixed attr kind', `product p {
  choice c "C" { value x "X" { w 1 } value y "Y" { w heavy } }
}`, [
      '2:54: error: attribute "w" of choice "c" is a number elsewhere but a symbol here',
    ]],
  ['mixed types', `type A { a1 }
type B { b1 }
product p {
  choice c "C" { value x "X" { t a1 } value y "Y" { t b1 } }
}`, [
      '4:55: error: attribute "t" of choice "c" mixes members of types A and B',
    ]],
  ['not member', `type Socket { AM5 AM4 }
product p {
  choice c "C" { value x "X" { s AM5 } value y "Y" { s AM6 } }
}`, [
      '3:56: error: "AM6" is not a member of type Socket (did you mean "AM5"?)',
    ]],
  ['unknown type qualified', `product p {
  choice c "C" { value x "X" { s Sockt.AM5 } }
}`, [
      '2:34: error: unknown type "Sockt"',
    ]],
  ['ambiguous member', `type A { m }
type B { m }
product p {
  choice c "C" { value x "X" { s m } }
}`, [
      '4:34: error: "m" is a member of types A and B; write A.m',
    ]],
  ['unknown name', `product p {
  choice board "B" { value x "X" }
  rule : bord = x
}`, [
      '3:10: error: unknown name "bord" (did you mean "board"?)',
    ]],
  ['unknown name alone', `product p {
  flag wifi "W"
  rule : wify
}`, [
      '3:10: error: unknown name "wify" (did you mean "wifi"?)',
    ]],
  ['unknown function', `product p {
  number n "N" 1..3
  rule : summ(n) > 1
}`, [
      '3:10: error: unknown function "summ" (did you mean "sum"?)',
    ]],
  ['unknown feature', `product p {
  component gpu "G" optional { choice model "M" { value a "A" } }
  rule : gpu.modle = a
}`, [
      '3:14: error: component "gpu" has no feature "modle"',
    ]],
  ['unknown attr', `product p {
  choice cpu "C" { value a "A" { watts 3 } }
  rule : cpu.wats > 1
}`, [
      '3:14: error: no value of choice "cpu" has an attribute "wats" (did you mean "watts"?)',
    ]],
  ['unknown value', `product p {
  choice cpu "C" { value r5_7600 "A" }
  rule : cpu = r5_760
}`, [
      '3:16: error: "r5_760" is not a value of choice "cpu" (did you mean "r5_7600"?)',
    ]],
  ['unknown type member in rule', `type Socket { AM5 AM4 }
product p {
  choice c "C" { value x "X" { s AM5 } }
  rule : c.s = Socket.AM6
}`, [
      '4:23: error: "AM6" is not a member of type Socket (did you mean "AM5"?)',
    ]],
  ['sym vs num', `product p {
  choice cpu "C" { value a "A" { socket s1 watts 3 } }
  rule : cpu.socket = 3
}`, [
      '3:10: error: cannot compare attribute "cpu.socket" (a symbol) with 3',
    ]],
  ['choice as condition', `product p {
  choice cpu "C" { value a "A" }
  rule : cpu
}`, [
      '3:10: error: choice "cpu" is not a yes/no condition; compare it with a value, e.g. cpu = a',
    ]],
  ['number as condition', `product p {
  number n "N" 1..3
  rule : n
}`, [
      '3:10: error: number "n" is not a yes/no condition; compare it, e.g. n > 0',
    ]],
  ['choice as number', `product p {
  choice cpu "C" { value a "A" { watts 3 } }
  rule : cpu > 2
}`, [
      '3:10: error: choice "cpu" is not a number (use a numeric attribute: cpu.watts)',
    ]],
  ['repeated as condition', `product p {
  component m "M" 1..2 { }
  rule : m
}`, [
      '3:10: error: component "m" is a repeated component, not a condition; use count(m) > 0',
    ]],
  ['many without aggregate', `product p {
  component m "M" 1..2 { choice s "S" { value a "A" { gb 1 } } }
  rule : m.s.gb > 1
}`, [
      '3:10: error: "m.s.gb" has one value per instance; pick one instance (e.g. [1]) or aggregate them with sum, count, min, max, all or any',
    ]],
  ['index on non repeated', `product p {
  flag f "F"
  rule : f[2]
}`, [
      '3:10: error: "f" is not a repeated component, so it has no instance [2]',
    ]],
  ['index out of range', `product p {
  component m "M" 1..2 { flag f "F" }
  rule : m[3].f
}`, [
      '3:10: error: "m" has instances [1] to [2]; there is no m[3]',
    ]],
  ['value outside domain', `product p {
  number waist "W" 26..44
  rule : waist = 50
}`, [
      '3:18: error: 50 is not a value of number "waist" (26..44)',
    ]],
  ['division by zero', `product p {
  number n "N" 1..3
  price n / 0
}`, [
      '3:13: error: division by zero',
    ]],
  ['not linear division by a choice', `product p {
  number a "A" 1..3
  number b "B" 1..3
  rule : a * b / a <= 4
}`, [
      '4:18: error: conditions allow +, -, * and dividing by a constant such as 10; this divides by a quantity that depends on the choices',
    ]],
  ['not linear div', `product p {
  number a "A" 1..3
  rule : a / 3 <= 4
}`, [
      '3:14: error: conditions allow +, -, * and dividing by a constant such as 10; this divides by 3, which has no exact decimal inverse',
    ]],
  ['not linear ceil', `product p {
  number a "A" 1..3
  rule : ceil(a) <= 4
}`, [
      '3:10: error: conditions allow +, -, * and dividing by a constant such as 10; this uses ceil()',
    ]],
  ['missing attr', `product p {
  choice cpu "C" { value a "A" { watts 3 } value b "B" }
  rule : cpu.watts <= 2
}`, [
      '3:14: warning: value "b" of choice "cpu" has no "watts"; there it counts as 0',
    ]],
  ['count of number', `product p {
  number n "N" 1..3
  rule : count(n) > 1
}`, [
      '3:10: error: count() counts the instances of a repeated component or the conditions that hold; number "n" is already a number',
    ]],
  ['arity', `product p {
  number n "N" 1..3
  price ceil(n, 2)
}`, [
      '3:9: error: ceil() takes 1 argument, not 2',
    ]],
  ['table shape', `product p {
  choice c "C" { value a "A" }
  choice d "D" { value b "B" }
  table (c, d) allow {
    a
  }
}`, [
      '5:5: error: this row has 1 value for 2 columns',
    ]],
  ['table value', `product p {
  choice c "C" { value red "A" }
  table (c) allow {
    rde
  }
}`, [
      '4:5: error: "rde" is not a value of choice "c"',
    ]],
  ['table column', `product p {
  choice c "C" { value a "A" { w 1 } }
  table (c.w) allow { 1 }
}`, [
      '3:10: error: a table column is a choice, a number or a flag, not attribute "c.w"',
    ]],
  ['operation minutes', `product p {
  bom {
    operation "Cut" at "C1"
  }
}`, [
      '3:5: error: operation "Cut" needs its time: add "minutes N"',
    ]],
  ['text max', `product p {
  text mono "M" allowed "A-Z"
}`, [
      '2:8: error: text "mono" needs a maximum length: add "max N"',
    ]],
  ['text max zero', `product p {
  text mono "M" max 0
}`, [
      '2:17: error: the maximum length of text "mono" is a whole number of at least 1, not 0',
    ]],
  ['text pattern', `product p {
  text mono "M" max 3 allowed "Z-A"
}`, [
      '2:31: error: "Z-A" is not a valid set of characters (write it as inside [ ], e.g. "A-Z0-9 ")',
    ]],
  ['unknown part', `part "CASE-ATX"
product p {
  bom {
    part "CASE-AXT"
  }
}`, [
      '4:10: warning: part "CASE-AXT" is not declared (did you mean "CASE-ATX"?)',
    ]],
  ['layer nothing', `product p {
  choice c "C" { value a "A" }
  preview 0 0 1 1 {
    layer c
  }
}`, [
      '4:11: warning: no value of choice "c" has a "preview" attribute, so this layer shows nothing',
    ]],
  ['flag layer nothing', `product p {
  flag f "F"
  preview 0 0 1 1 {
    layer f
  }
}`, [
      '4:11: warning: flag "f" has no "preview" attribute, so this layer shows nothing',
    ]],
  ['repeated component as a number', `product p {
  component m "M" 0..3 { flag f "F" }
  rule : m >= 2
}`, [
      '3:10: error: component "m" is not a number; count its instances with count(m)',
    ]],
  ['part number missing', `product p {
  bom {
    part 42 qty 1
  }
}`, [
      '3:10: error: expected a part number after "part", found "42"',
    ]],
  ['layer number', `product p {
  number n "N" 1..2
  preview 0 0 1 1 {
    layer n
  }
}`, [
      '4:11: error: a layer shows a choice or a flag; number "n" is neither',
    ]],
  ['placeholder', `product p {
  choice c "C" { value a "A" { preview "<t>{text:mono}</t>" } }
  preview 0 0 1 1 {
    layer c
  }
}`, [
      '2:3: warning: the preview of "c" shows text field "mono", which is not declared',
    ]],
  ['string as number', `product p {
  price "a" "b"
}`, [
      '2:13: error: a string is not a number',
    ]],
  ['card k', `product p {
  flag a "A"
  rule : atmost 1.5 of (a)
}`, [
      '3:10: error: atmost needs a whole number of at least 0, not 1.5',
    ]],
  ['cmp types', `type A { a1 }
type B { b1 }
product p {
  choice c "C" { value x "X" { t a1 } }
  choice d "D" { value y "Y" { t b1 } }
  rule : c.t = d.t
}`, [
      '6:10: error: cannot compare attribute "c.t" (type A) with attribute "d.t" (type B)',
    ]],
  ['group unknown', `product p {
  group "G" (nope)
}`, [
      '2:14: error: unknown name "nope"',
    ]],
  ['too large', `product p {
  component a "A" 1..1000 {
    component b "B" 1..1000 { flag f "F" }
  }
}`, [
      '3:15: error: the model would have more than 20000 variables; reduce the repeated components',
    ]],
  ['part number type', `product p {
  flag wifi "W"
  bom {
    part wifi
  }
}`, [
      '4:10: error: a part number is a string or a string attribute such as fabric.part_number, not flag "wifi"',
    ]],
  ['type member as condition', `type Socket { AM5 }
product p {
  rule : Socket.AM5
}`, [
      '3:10: error: Socket.AM5 is a symbol; compare an attribute with it, e.g. cpu.socket = Socket.AM5',
    ]],
  ['string as condition', `product p {
  rule : "yes"
}`, [
      '2:10: error: a string is not a yes/no condition',
    ]],
  ['condition as number', `product p {
  flag a "A"
  flag b "B"
  price a and b
}`, [
      '4:9: error: a condition is not a number; count conditions with count(…) or write if … then 1 else 0',
    ]],
  ['number has no attributes', `product p {
  number n "N" 1..3
  rule : n.x > 1
}`, [
      '3:12: error: number "n" has no attributes; "x" means nothing here',
    ]],
  ['count has no parts', `product p {
  component m "M" 1..2 { }
  rule : m.count.x > 1
}`, [
      '3:18: error: "m.count" is a number; it has no "x"',
    ]],
  ['attribute has no parts', `product p {
  choice c "C" { value a "A" { w 1 } }
  rule : c.w.x > 1
}`, [
      '3:14: error: "c.w" is an attribute; it has no "x"',
    ]],
  ['attribute has no instances', `product p {
  choice c "C" { value a "A" { w 1 } }
  rule : c.w[2] > 1
}`, [
      '3:12: error: attribute "w" has no instances',
    ]],
  ['text field in a rule', `product p {
  text mono "M" max 3
  rule : mono
}`, [
      '3:10: error: text field "mono" is free text outside the rules; conditions and formulas cannot use it',
    ]],
  ['text field attribute', `product p {
  text mono "M" max 3
  rule : mono.x
}`, [
      '3:15: error: text field "mono" has no attributes',
    ]],
  ['empty count', `product p {
  rule : count() = 0
}`, [
      '2:10: error: count() needs at least one argument',
    ]],
  ['empty min', `product p {
  price min()
}`, [
      '2:9: error: min() needs at least one argument',
    ]],
  ['empty all', `product p {
  rule : all()
}`, [
      '2:10: error: all() needs at least one argument',
    ]],
  ['other type', `type Socket { AM5 }
type Colour { red }
product p {
  choice c "C" { value a "A" { s AM5 } }
  rule : c.s = Colour.red
}`, [
      '5:16: error: attribute "c.s" holds members of type Socket, not Colour',
    ]],
  ['unknown member qualified', `type Socket { AM5 }
product p {
  choice c "C" { value a "A" { s AM5 } }
  rule : c.s = Socket.AM6
}`, [
      '4:23: error: "AM6" is not a member of type Socket (did you mean "AM5"?)',
    ]],
  ['free symbol unknown', `product p {
  choice c "C" { value a "A" { s x1 } value b "B" { s x2 } }
  rule : c.s = x3
}`, [
      '3:16: error: "x3" is not a value of attribute "c.s" (did you mean "x1"?)',
    ]],
  ['cannot compare', `product p {
  component g "G" optional { }
  component m "M" 1..2 { }
  rule : g = m
}`, [
      '4:10: error: cannot compare component "g" with component "m"',
    ]],
  ['group attribute', `product p {
  choice c "C" { value a "A" { w 1 } }
  group "G" (c.w)
}`, [
      '3:14: error: a group lists features; attribute "c.w" is not one',
    ]],
  ['no instances', `product p {
  component m "M" 0..0 { flag f "F" }
  rule : m[1].f
}`, [
      '3:10: error: "m" has instances none; there is no m[1]',
    ]],
  ['flag attribute twice', `product p {
  flag f "F" { w 1 w 2 }
}`, [
      '2:20: error: attribute "w" is given twice for flag "f"',
    ]],
  ['missing attrs plural', `product p {
  choice c "C" { value a "A" { w 1 } value b "B" value d "D" }
  rule : c.w = 1
}`, [
      '3:12: warning: values "b" and "d" of choice "c" have no "w"; there it counts as 0',
    ]],
  ['missing symbol attr', `product p {
  choice c "C" { value a "A" { s x } value b "B" }
  rule : c.s = x
}`, [
      '3:12: warning: value "b" of choice "c" has no "s"; there it matches no value',
    ]],
  ['in outside domain', `product p {
  number waist "W" 26..44 step 2
  rule : waist in (26, 27)
}`, [
      '3:24: error: 27 is not a value of number "waist" (26..44 step 2)',
    ]],
  ['instance number', `product p {
  component m "M" 1..2 { flag f "F" }
  rule : m[x].f
}`, [
      '3:12: error: expected an instance number in "m[…]", found "x"',
    ]],
  ['use without as', `component T { }
product p {
  use T t
}`, [
      '3:9: error: expected "as" after "use T": write use T as name',
    ]],
  ['operation without at', `product p {
  bom {
    operation "Cut" "C1" minutes 3
  }
}`, [
      '3:21: error: expected "at" and a work centre after operation "Cut"',
    ]],
  ['unit missing', `product p {
  number n "N" 1..3 {
    unit 5
  }
}`, [
      '3:10: error: expected a unit after "unit", found "5"',
    ]],
  ['layer without name', `product p {
  preview 0 0 1 1 {
    layer 3
  }
}`, [
      '3:11: error: expected a name after "layer", found "3"',
    ]],
  ['preview canvas', `product p {
  preview 0 0 1 {
  }
}`, [
      '2:17: error: expected the four numbers of the preview canvas (x y width height), found "{"',
    ]],
  ['in without list', `product p {
  choice c "C" { value a "A" }
  rule : c in a
}`, [
      '3:15: error: expected "(" after "in": write x in (a, b)',
    ]],
  ['call list', `product p {
  number n "N" 1..3
  rule : max(n 2) > 1
}`, [
      '3:16: error: expected ")" or "," in the list',
    ]],
  ['group without list', `product p {
  group "G" cpu
}`, [
      '2:13: error: expected "(" before the members of the group: write group "Label" (a, b)',
    ]],
  ['group member', `product p {
  group "G" (3)
}`, [
      '2:14: error: expected a member of the group, found "3"',
    ]],
  ['table without columns', `product p {
  table allow { }
}`, [
      '2:9: error: expected "(" before the columns of the table: write table (a, b) allow { … }',
    ]],
  ['table list', `product p {
  choice c "C" { value a "A" }
  table (c) allow {
    (a b)
  }
}`, [
      '4:8: error: expected ")" or "," in the list of values',
    ]],
  ['import without path', `import pc
product p {

}`, [
      '1:8: error: expected the path of the imported file in quotes, found "pc"',
    ]],
  ['attribute value', `product p {
  choice c "C" { value a "A" { w ( } }
}`, [
      '2:34: error: expected a value for attribute "w" of value "a", found "("',
    ]],
  ['value name', `product p {
  choice c "C" { value "A" }
}`, [
      '2:24: error: expected the name of a value of choice "c", found a string',
    ]],
  ['text unterminated block', `product p {
  text t "T" {
    max 3
  flag f "F"
}`, [
      '4:3: error: expected "}" to close text "t"',
    ]],
  ['currency code', `product p {
  currency "EUR"
}`, [
      '2:12: error: expected a currency code such as EUR, found a string',
    ]],
  ['because string', `product p {
  flag a "A"
  rule : a because why
}`, [
      '3:20: error: expected the explanation after "because" in quotes, found "why"',
    ]],
  ['product name', `product "PC" {}`, [
      '1:9: error: expected the name of the product, found a string',
    ]],
  ['repeat default text', `product p {
  component m "M" 1..3 {
    default many
  }
}`, [
      '3:13: error: the default number of "m" must be between 1 and 3',
    ]],
];

for (const [name, source, expected] of CASES) {
  test(`diagnostic: ${name}`, () => {
    assert.deepEqual(problems(source, FILES), expected);
  });
}
