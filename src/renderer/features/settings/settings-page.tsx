import { useEffect } from 'react';
import { PageHeader } from '../../components/page-header';
import { diagnosticsStore, systemStore } from '../../stores/app-stores';
import { AlertsSection } from './alerts-section';
import { AppearanceSection } from './appearance-section';
import { AuditSection } from './audit-section';
import { ConfigSection } from './config-section';
import { DiagnosticsSection } from './diagnostics-section';
import { DoctorSection } from './doctor-section';
import './settings.css';

export function SettingsPage() {
  useEffect(() => {
    void systemStore.getState().loadConfig();
    void systemStore.getState().runDoctor();
    void diagnosticsStore.getState().refresh();
    void diagnosticsStore.getState().loadAccess();
  }, []);

  return (
    <section className="page settings-page" aria-labelledby="settings-title">
      <PageHeader title="Settings" titleId="settings-title" />
      <div className="settings-grid">
        <AppearanceSection />
        <DoctorSection />
        <ConfigSection />
        <AlertsSection />
        <DiagnosticsSection />
        <AuditSection />
      </div>
    </section>
  );
}
