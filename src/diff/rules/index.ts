import { apiGroup, KubeObject } from '../manifests';
import { CNPG_CLUSTER_RULES, CNPG_OBJECT_STORE_RULES, CNPG_POOLER_RULES, CNPG_SCHEDULED_BACKUP_RULES } from './cnpg';
import { POD_DISRUPTION_BUDGET_RULES, STORAGE_CLASS_RULES } from './core';
import {
  EVEREST_BACKUP_STORAGE_RULES, EVEREST_CLUSTER_RULES, EVEREST_LOAD_BALANCER_CONFIG_RULES, EVEREST_SCHEDULING_POLICY_RULES,
} from './everest';
import { PERCONA_PG_RULES } from './percona-pg';
import { PSMDB_RULES } from './psmdb';
import { PXC_RULES } from './pxc';
import { KindRules } from './rule';

/** Every kind the guard classifies: one module per operator target, plus core Kubernetes objects. */
const KIND_RULES: KindRules[] = [
  PXC_RULES,
  PSMDB_RULES,
  PERCONA_PG_RULES,
  CNPG_CLUSTER_RULES, CNPG_POOLER_RULES, CNPG_SCHEDULED_BACKUP_RULES, CNPG_OBJECT_STORE_RULES,
  EVEREST_CLUSTER_RULES, EVEREST_BACKUP_STORAGE_RULES, EVEREST_SCHEDULING_POLICY_RULES, EVEREST_LOAD_BALANCER_CONFIG_RULES,
  STORAGE_CLASS_RULES, POD_DISRUPTION_BUDGET_RULES,
];

/** The rules for an object's kind; undefined for kinds the guard does not know. @internal */
export function rulesFor(object: KubeObject): KindRules | undefined {
  return KIND_RULES.find(r => r.kind === object.kind && r.apiGroup === apiGroup(object));
}

/** True for the objects of database kinds. @internal */
export function isDatabase(object: KubeObject): boolean {
  return rulesFor(object)?.engine !== undefined;
}
