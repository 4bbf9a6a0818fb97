import { defineConfig } from 'vite';

// Preact stands in for React (TanStack Table's React adapter runs on preact/compat): a tenth of the weight.
export default defineConfig({
  base: '/console/',
  resolve: {
    alias: {
      react: 'preact/compat',
      'react-dom': 'preact/compat',
      'react/jsx-runtime': 'preact/jsx-runtime',
    },
  },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: '../gateway/Console/dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: true,
  },
});
