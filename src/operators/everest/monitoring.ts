import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { EVEREST_PMM_CLIENT_IMAGE } from './versions';
import * as everest from '../../imports/everest-everest.percona.com';
import { ClusterModel } from '../../model';

/** The cluster's MonitoringConfig, named after it; the Secret holds the PMM `apiKey` (or `username`/`password`). */
export function monitoringConfig(scope: Construct, model: ClusterModel): string | undefined {
  const pmm = model.monitoring?.pmmOptions;
  if (!pmm) return undefined;
  const name = `${model.name}-pmm`;
  new ApiObject(scope, 'MonitoringConfig', {
    ...everest.MonitoringConfig.GVK,
    metadata: { name, namespace: model.namespace },
    spec: everest.toJson_MonitoringConfigSpec({
      type: everest.MonitoringConfigSpecType.PMM,
      credentialsSecretName: pmm.credentialsSecret,
      pmm: { url: pmm.url, image: pmm.image ?? EVEREST_PMM_CLIENT_IMAGE },
    }),
  });
  return name;
}

