import { useEffect } from 'react';
import { startStores } from './stores/app-stores';
import { AppShell } from './features/shell/app-shell';

export function App() {
  useEffect(() => startStores(), []);
  return <AppShell />;
}
