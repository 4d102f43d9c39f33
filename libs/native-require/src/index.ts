import * as NodeModule from 'node:module';

// Some dependencies ship only ES modules (pdfjs-dist 5, htmlparser2 12, file-type 21). Node 20.19+
// can require() ES modules natively, but jest replaces `require` and also `module.createRequire`
// with its own registry, which cannot evaluate ESM (`import.meta`). `process.getBuiltinModule`
// (Node 20.16+) hands back the real module system, so its createRequire escapes jest and works the
// same in plain node, swc-node and the compiled build. Node caches what it loads.

let nativeReq: NodeJS.Require | undefined;

/** Node's own require, also under jest: for ESM-only packages. */
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
