import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { claimCredentialsSecret, monitoringConfigName, namesOf } from './names';
import { prerequisite } from './order';
import { invalid } from '../../errors';
import * as everest from '../../imports/everest-everest.percona.com';
import { ClusterModel } from '../../model';

/** Per app, the MonitoringConfig of each `<namespace>/<name>`, with the settings it was made with. */
const MONITORING_CONFIGS = new WeakMap<IConstruct, Map<string, { readonly settings: PmmSettings; readonly object: ApiObject }>>();

/** What a MonitoringConfig holds. */
interface PmmSettings {
  readonly url: string;
  readonly image: string;
  readonly credentialsSecret: string;
}

/**
 * The MonitoringConfig of the cluster's PMM Secret in its namespace, made by the first cluster that uses it: Everest
 * makes a MonitoringConfig the controller owner of its Secret (monitoringconfig_controller.go:Reconcile), so one
 * Secret has one MonitoringConfig, shared by the clusters that name it. The Secret holds `apiKey` (the webhook
 * refuses it without, monitoringconfig_webhook.go:validateMonitoringConfig) and `username` (the VMAgent's basic
 * auth, genVMAgentSpec).
 */
export function monitoringConfig(scope: Construct, model: ClusterModel): ApiObject | undefined {
  const pmm = model.monitoring?.pmmOptions;
  if (!pmm) return undefined;
  const name = monitoringConfigName(pmm.credentialsSecret);
  const settings: PmmSettings = {
    // The webhook appends /v1/version to the URL (monitoringconfig_webhook.go:checkAccess).
    url: pmm.url.replace(/\/$/, ''),
    // Without an image, Everest runs the client of the server's major version (PMMServerVersion.DefaultPMMClientImage).
    image: pmm.image ?? '',
    credentialsSecret: pmm.credentialsSecret,
  };
  const configs = namesOf(MONITORING_CONFIGS, scope);
  const key = `${model.namespace ?? ''}/${name}`;
  const known = configs.get(key);
  if (known) {
    if (JSON.stringify(known.settings) !== JSON.stringify(settings)) {
      invalid(scope, 'monitoring', settings, `MonitoringConfig ${name} in namespace ${model.namespace ?? '(default)'} already holds `
        + `${JSON.stringify(known.settings)}: the clusters that share a PMM Secret share its MonitoringConfig (Everest makes it the Secret's owner)`);
    }
    return known.object;
  }
  claimCredentialsSecret(scope, 'monitoring.credentialsSecret', model.namespace, pmm.credentialsSecret, `MonitoringConfig ${name}`);
  const object = prerequisite(new ApiObject(scope, 'MonitoringConfig', {
    ...everest.MonitoringConfig.GVK,
    metadata: { name, namespace: model.namespace },
    spec: everest.toJson_MonitoringConfigSpec({
      type: everest.MonitoringConfigSpecType.PMM,
      credentialsSecretName: settings.credentialsSecret,
      pmm: { url: settings.url, image: settings.image },
    }),
  }));
  configs.set(key, { settings, object });
  return object;
}
