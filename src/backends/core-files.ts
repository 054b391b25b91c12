// Where the core's builds are read from (scripts/build-core.mjs). This is the unbundled case
// (tests, tsc's dist/): build/ beside src/ and dist/. The bundles replace this module
// (rollup.config.mjs) with their sibling files, or with none (the script tag inlines the plain build).

/** A build's URL, or null where it cannot be read: variant '' (plain SIMD128), 'relaxed', 'mt', 'mt-relaxed'. */
export function coreUrl(variant: string): URL | null {
  return new URL(`../../build/${variant ? `core-${variant}` : 'core'}.wasm`, import.meta.url);
}
