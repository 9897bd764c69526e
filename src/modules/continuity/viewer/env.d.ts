/** Vite turns `?inline` CSS imports into the stylesheet text, which main.ts injects as a style element. */
declare module '*.css?inline' {
  const css: string;
  export default css;
}
