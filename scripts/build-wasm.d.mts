/** Types of build-wasm.mjs for TypeScript callers (tests, benchmarks). */
export declare const VARIANTS: readonly { file: string; features: string; shared: boolean }[];
/** Builds every kernel variant into dist/backend/wasm (or nothing when `ifStale` and all are current); resolves to that folder. */
export declare function buildWasm(options?: { ifStale?: boolean; quiet?: boolean }): Promise<string>;
