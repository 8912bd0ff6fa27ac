/** Every shared UVL model, with its feature count as its source repository states it. */
export const UVL_BENCHMARKS: { file: string; features: number }[] = [
  { file: 'uvl-models/automotive01.uvl', features: 2513 },
  { file: 'uvl-models/automotive02_v4.uvl', features: 18616 },
  { file: 'uvl-models/berkeleydb.uvl', features: 76 },
  { file: 'uvl-models/bike.uvl', features: 11 },
  { file: 'uvl-models/busybox_2010-05-02.uvl', features: 631 },
  { file: 'uvl-models/dm_mobile_phone.uvl', features: 11 },
  { file: 'uvl-models/ecos-cdl-linux.uvl', features: 1245 },
  { file: 'uvl-models/financialservices01.uvl', features: 771 },
  { file: 'uvl-models/kconfig-axTLS.uvl', features: 96 },
  { file: 'uvl-models/kconfig-embtoolkit.uvl', features: 1179 },
  { file: 'uvl-models/kconfig-uClibc.uvl', features: 313 },
  { file: 'uvl-models/linux-2.6.33.3.uvl', features: 6467 },
  { file: 'uvl-models/ovm_mobile_phone.uvl', features: 10 },
  { file: 'fmb-uvl-products/bank.uvl', features: 176 },
  { file: 'fmb-uvl-products/e-shop.uvl', features: 173 },
  { file: 'fmb-uvl-products/pc-richmond.uvl', features: 364 },
  { file: 'fmb-uvl-products/printer.uvl', features: 172 },
];

/** The small models whose configurations can be counted in well under a second. */
export const SMALL_UVL_BENCHMARKS = [
  'uvl-models/berkeleydb.uvl',
  'uvl-models/bike.uvl',
  'uvl-models/dm_mobile_phone.uvl',
  'uvl-models/ovm_mobile_phone.uvl',
  'uvl-models/kconfig-axTLS.uvl',
  'fmb-uvl-products/bank.uvl',
  'fmb-uvl-products/e-shop.uvl',
  'fmb-uvl-products/pc-richmond.uvl',
  'fmb-uvl-products/printer.uvl',
];
