import { useState } from 'react';
import { can, useCurrentSession } from '../../../api/session.js';
import { ConfirmButton } from '../../../components/ConfirmButton.js';
import { type Column, DataTable } from '../../../components/DataTable.js';
import { Notice } from '../../../components/Notice.js';
import { QueryState } from '../../../components/QueryState.js';
import { formatDateTime } from '../../../i18n/dates.js';
import { useLocale, useT } from '../../../i18n/I18nProvider.js';
import { ContinuityError } from '../shared/ContinuityError.js';
import { useScopeName } from '../shared/scopeName.js';
import type { Device } from '../types.js';
import { DeviceFreshness, DeviceState } from './DeviceState.js';
import { useDevices, useRevokeDevice } from './devicesApi.js';
import { RegisterDeviceForm } from './RegisterDeviceForm.js';

/** Downtime laptops and tablets: which kit each holds and how old its data is. */
export function DevicesPage() {
  const t = useT();
  const { locale } = useLocale();
  const session = useCurrentSession();
  const scopeName = useScopeName();
  const devices = useDevices();
  const revoke = useRevokeDevice();
  const [notice, setNotice] = useState<string | null>(null);
  const mayManage = can(session, 'continuity.manage');
  const rows = devices.data ?? [];
  const when = (iso: string | null) =>
    iso ? <time dateTime={iso}>{formatDateTime(iso, locale)}</time> : t('common.never');

  const columns: Column<Device>[] = [
    { id: 'name', header: t('continuity.col.device'), rowHeader: true, cell: (d) => d.name },
    { id: 'id', header: t('continuity.col.deviceId'), cell: (d) => <code>{d.deviceId}</code> },
    { id: 'scope', header: t('continuity.col.scope'), cell: (d) => scopeName(d.scopeKey) },
    { id: 'state', header: t('continuity.col.state'), cell: (d) => <DeviceState device={d} /> },
    {
      id: 'age',
      header: t('continuity.col.dataAge'),
      className: 'nowrap',
      cell: (d) => <DeviceFreshness device={d} />,
    },
    {
      id: 'lastSeen',
      header: t('continuity.col.lastSeen'),
      className: 'nowrap',
      cell: (d) => when(d.lastSeenAt),
    },
    {
      id: 'registered',
      header: t('continuity.col.registered'),
      className: 'nowrap',
      cell: (d) => (
        <>
          {when(d.createdAt)} <span className="by">{t('continuity.devices.by', { user: d.createdBy })}</span>
        </>
      ),
    },
    ...(mayManage
      ? [
          {
            id: 'actions',
            header: t('continuity.col.actions'),
            cell: (d: Device) =>
              d.revokedAt === null && (
                <ConfirmButton
                  label={t('continuity.devices.revoke')}
                  confirmLabel={t('continuity.devices.confirmRevoke')}
                  subject={d.name}
                  busy={revoke.isPending}
                  onConfirm={() =>
                    revoke.mutate(d, {
                      onSuccess: () => setNotice(t('continuity.devices.revoked', { name: d.name })),
                    })
                  }
                />
              ),
          },
        ]
      : []),
  ];

  return (
    <>
      <h1>{t('continuity.devices.title')}</h1>
      <p className="lead">{t('continuity.devices.lead')}</p>
      {mayManage && <RegisterDeviceForm />}
      <section className="panel" aria-labelledby="continuity-devices-title">
        <h2 id="continuity-devices-title">{t('continuity.devices.list')}</h2>
        <Notice>{notice}</Notice>
        <ContinuityError error={revoke.error} />
        <QueryState
          query={devices}
          errorView={ContinuityError}
          empty={devices.data !== undefined && rows.length === 0 && t('continuity.devices.empty')}
        />
        {rows.length > 0 && (
          <DataTable
            caption={t('continuity.devices.caption')}
            columns={columns}
            rows={rows}
            rowKey={(d) => d.deviceId}
          />
        )}
      </section>
    </>
  );
}
