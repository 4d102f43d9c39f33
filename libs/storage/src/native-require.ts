// Loads packages with Node's own require, outside any module registry a test runner installs.
// (A copy of libs/plan-parser/src/extract/native-require.ts, which that library does not export.)
//
// file-type 21 is ESM-only. Node 20.19+ can require() ES modules natively, but jest replaces
// `require` and also `module.createRequire` with its own registry, which cannot evaluate ESM.
// `process.getBuiltinModule('node:module')` (Node 20.16+) hands back the real module system, so
// its createRequire escapes jest and works the same in plain node, swc-node and the compiled
// build. The loaded modules are cached by Node itself.
import * as NodeModule from 'node:module';

let nativeReq: NodeJS.Require | undefined;

export function nativeRequire(id: string): unknown {
  if (!nativeReq) {
    const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
    const mod =
      (getBuiltin?.call(process, 'node:module') as typeof NodeModule | undefined) ??
      // Node < 20.16 (below our engines range): the imported module, fine outside jest
      NodeModule;
    nativeReq = mod.createRequire(__filename);
  }
  return nativeReq(id);
}
