// Build: the app shell into dist/ (Flask serves it at /) and our own Workbox service worker.
//
// injectManifest keeps the service worker in our hands (src/sw.js): it must never cache /api/
// responses, because health data lives only in IndexedDB on the device.
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const THEME_COLOUR = '#0f2742';
const BACKGROUND_COLOUR = '#0b1a2c';

export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // One small shell; modern browsers only (service worker, IndexedDB, ES modules).
    target: 'es2022',
  },
  server: {
    // `npm run dev` talks to the Flask API on its default port, same-origin through the proxy.
    proxy: { '/api': 'http://127.0.0.1:5000' },
  },
  plugins: [
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.js',
      // main.js registers through virtual:pwa-register; nothing is injected into index.html,
      // which must stay free of inline scripts for the CSP (script-src 'self').
      injectRegister: false,
      registerType: 'prompt',
      injectManifest: {
        // Icons and the manifest are added by the plugin itself (listing them here too would
        // precache each twice).
        globPatterns: ['**/*.{js,css,html,svg,woff2}'],
      },
      includeAssets: ['icons/apple-touch-icon-180.png', 'favicon.ico'],
      manifest: {
        name: 'CrampCare',
        short_name: 'CrampCare',
        description: 'Log leg cramps, even at night and offline, and share your plan with your care team.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: THEME_COLOUR,
        background_color: BACKGROUND_COLOUR,
        // Long-press on the home-screen icon: straight into a running cramp record.
        shortcuts: [
          {
            name: 'Cramp now',
            short_name: 'Cramp now',
            description: 'Start timing a cramp at once',
            url: '/#/bedside?start=1',
            icons: [{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' }],
          },
        ],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      devOptions: { enabled: false },
    }),
  ],
  test: {
    environment: 'node',
    include: ['tests/**/*.test.js', 'src/**/*.test.js'],
    // Each file gets its own fake IndexedDB (see tests/helpers/setup.js).
    setupFiles: ['tests/helpers/setup.js'],
    restoreMocks: true,
  },
});
