import { Arn, UserPoolId } from './common.js';
import { enumOf, num, req, str, struct } from './shapes.js';

// The members of the user pool domain operations, with the service model's constraints, except one:
// the model gives Domain the prefix pattern and 63 characters, yet Cognito takes fully-qualified
// custom domains (auth.example.com) in the same member. The prefix rules are checked in the core,
// with Cognito's own message, when the domain is a prefix.
export const DomainName = str({ min: 1, max: 253 });

export const CustomDomainConfig = struct({
  CertificateArn: req(Arn),
  SecurityPolicy: enumOf(['TLS_V1', 'TLS_V1_2_2021', 'TLS_V1_3_2025']),
});

export const Routing = struct({
  Failover: struct({
    SecondaryRegion: req(str({ min: 5, max: 32 })),
    PrimaryRoute53HealthCheckId: req(str({ max: 64 })),
  }),
});

export const domainInput = struct({
  Domain: req(DomainName),
  UserPoolId: req(UserPoolId),
  ManagedLoginVersion: num(),
  CustomDomainConfig,
  Routing,
});
