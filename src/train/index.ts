// Filled in by the issue that builds this layer (see docs/architecture.md).
export {};
