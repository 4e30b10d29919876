// Python sources are bundled as text (esbuild.mjs: loader { '.py': 'text' }).
declare module '*.py' {
  const text: string;
  export default text;
}
