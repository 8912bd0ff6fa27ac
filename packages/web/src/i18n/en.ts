// The configurator's own words in English: the source the other languages translate (pl.ts, it.ts).
// `{name}` marks what is filled in (see texts.ts); a Plural has the forms Intl.PluralRules names.
import type { Plural } from './plural.ts';

export const en = {
  toolbar: {
    label: 'Design',
    undo: 'Undo',
    redo: 'Redo',
    complete: 'Complete for me',
    completeCheapest: 'Complete at the lowest price',
    startOver: 'Start over',
    dismiss: 'Dismiss',
  },
  choice: {
    completedForYou: 'completed for you',
    onlyPossible: 'the only possible value',
    blockedTitle: 'Not possible with your current choices',
    blockedHint: 'Not possible: {why} Activate it to see why, and to choose it anyway.',
    blockedFallback: 'it does not fit your current choices.',
    clear: 'Clear',
  },
  slider: {
    nothingPossible: 'Nothing is possible with your current choices.',
    possibleNow: 'Possible now: {runs}.',
    possibleNowChecking: 'Possible now: {runs} (still checking).',
    notOffered: '{text} is not offered: choose a whole number from {from} to {to}.',
    notOfferedInSteps: '{text} is not offered: choose a whole number from {from} to {to} in steps of {step}.',
    notChosenYet: 'not chosen yet, at {value}',
  },
  blocked: {
    title: '{value} is not possible with your current choices.',
    working: 'Working out why…',
    because: 'Because you chose: {choices}.',
    and: ' and ',
    noConfiguration: 'No configuration of this product has it.',
    chooseAnyway: 'Choose it anyway…',
    close: 'Close',
    noRepair: 'Nothing you could give up makes this possible.',
    giveUpOne: 'To choose {value}, this choice will be given up:',
    giveUpMany: 'To choose {value}, these choices will be given up:',
    confirmOne: 'Give it up and choose {value}',
    confirmMany: 'Give them up and choose {value}',
    keep: 'Keep my choices',
  },
  price: {
    heading: 'Price',
    total: 'Total',
    soFar: 'So far',
    breakdown: 'Price breakdown',
    caption: 'What the price is made of',
    base: 'Base price',
  },
  field: {
    hint: 'Up to {max} characters ({allowed}).',
    hintRequired: 'Up to {max} characters ({allowed}), required.',
    notApplicable: 'Not part of this configuration as chosen so far.',
  },
  sections: {
    options: 'Options',
    moreOptions: 'More options',
  },
  embed: {
    loading: 'Loading the configurator…',
    cannotShow: 'This configurator cannot be shown: {reason}.',
    noProduct: 'its product attribute names no product',
    badApi: 'its api attribute ({api}) is not a web address',
    yourDesign: 'Your design',
    previewOf: 'Preview of your {name}',
    ready: 'Every option is decided: ready for the basket.',
    stillOpen: { one: '{n} option still open.', other: '{n} options still open.' } as Plural,
    add: 'Add to basket',
    adding: 'Adding…',
    added: 'Added to your basket at {price}.',
    checkOut: 'Check out on {shop}',
    newTab: ' (opens in a new tab)',
  },
  errors: {
    unreachable: 'the shop cannot be reached; check the connection and try again',
    unreachableFrom: 'the shop at {origin} cannot be reached from this page: it is offline, or it does not accept requests from this site',
    engineStopped: 'the configuration engine stopped or could not start (on a page with a Content-Security-Policy, it needs worker-src blob:)',
    productNotFound: 'product "{id}" not found',
  },
};

export type UiTexts = typeof en;
