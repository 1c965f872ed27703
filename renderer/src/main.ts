import { mount } from 'svelte';
import App from './App.svelte';
import { installApi } from './api/index.ts';
import { getLocale } from './i18n/index.svelte.ts';
import './app.css';

// Electron's preload provides window.catlip; under `catlip-pilot serve` it is built from the URL's token.
installApi();
document.documentElement.lang = getLocale();

export default mount(App, { target: document.getElementById('app')! });
