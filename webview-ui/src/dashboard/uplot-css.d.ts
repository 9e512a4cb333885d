// uPlot's style sheet, bundled as text by esbuild (loader '.css': 'text') and adopted at run time.
declare module 'uplot/dist/uPlot.min.css' {
  const css: string;
  export default css;
}
