import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Base styles first, so feature stylesheets (imported by the pages) come later and win ties.
import './styles/theme.css';
import './styles/base.css';
import './styles/shell.css';
import { strictAssert } from '../shared/ipc/errors';
import { App } from './app';

const container = document.getElementById('root');
strictAssert(container !== null, 'index.html must contain <div id="root">');
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
