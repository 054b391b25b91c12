// Oracle cases whose op is not built yet, by the issue that builds it. The conformance test lists
// each of these as a todo (visible in the test summary), never skips one silently: a case whose
// op is missing and is not listed here fails.
export const PENDING: Record<string, string> = {
};
