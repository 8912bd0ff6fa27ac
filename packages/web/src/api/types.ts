// The API's shapes the storefront reads (see packages/server/src/*/routes.ts and GET /api/openapi.json).
import type { Value } from '@atelier/engine';
import type { PriceView } from '@atelier/modeling';
import type { Choice, Texts } from '../engine/protocol.ts';

export interface ProductSummary {
  id: string;
  name: string;
  version: number | null;
}

export type { FieldDefinition, ProductDefinition, VariableDefinition } from '@atelier/modeling';

export type Role = 'customer' | 'staff' | 'admin';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface AuthSession {
  user: User;
  csrfToken: string;
}

export interface Quote {
  id: string;
  productId: string;
  version: number;
  configuration: Record<string, Value>;
  choices: Choice[];
  texts: Texts;
  price: PriceView;
  preview: string;
  createdAt: string;
  expiresAt: string;
  expired: boolean;
}

export type OrderStatus = 'placed' | 'confirmed' | 'in_production' | 'shipped' | 'delivered' | 'cancelled';

export interface Order {
  id: string;
  customerId: string;
  customer: { id: string; name: string; email: string };
  status: OrderStatus;
  total: number;
  currency: string;
  createdAt: string;
  /** `by` (who made the change) is given to staff only. */
  history: { status: OrderStatus; note: string | null; at: string; by?: string | null }[];
  quote: Quote;
}

export interface Design {
  id: string;
  name: string;
  productId: string;
  version: number;
  choices: Choice[];
  texts: Texts;
  shareToken: string;
  createdAt: string;
}

export interface ConfigurationCreated {
  id: string;
}
