// Package sandbox is an in-memory HTTP stand-in for studios' Magicline Open
// API tenants: the portal's embedded default upstream and the upstream of its
// end-to-end tests. It serves the endpoints of the upstream contract
// (shared/spec/open-api-contract.md) under the same paths (the route
// patterns are the client's apiclient.Endpoint names), answers in the
// contract's shapes and error body, and plays the studio's side of the
// additional-module rules below. A schema test (schema_test.go) holds
// every answer, field by field, against the contract's shapes in
// conformance/schema.json: a field the contract does not list fails it.
// Where the contract is silent the sandbox had to choose; every such choice
// is marked "(sandbox)" below and listed under "Where the contract is
// silent". All state lives in memory behind one mutex; Reset restores the
// seed.
//
// # Studios
//
// Three studios are seeded with the same customers, contracts and ids, so
// the demo logins work in each:
//
//   - "demo", key DemoKey, English: ordinary cancelations and withdrawals
//     create amendments that wait for the studio's verification
//     (VerifyAmendment, or POST /_sandbox/studios/demo/amendments/{id}/verify).
//   - "direct", key DirectKey, English: cancelation and withdrawal take
//     effect at once.
//   - "berlin", key BerlinKey: a German studio on PerfectGym Next (the same
//     Open API), German module names, descriptions and cancelation reasons,
//     some prices of its own (sauna 12.90, yearly towel 49.00, solarium
//     15.00), amendments as in demo, and German errorMessages unless the
//     request asks for English.
//
// A key only sees its own studio: an id from another studio is a 404.
// Purchased additional module contracts take their ids from one sequence
// per Server, starting at FirstPurchasedModuleContractID, so an id bought in
// one studio never names a contract in another.
//
// # Endpoints, checks and errors
//
// The seven additional-module endpoints, contract-cancelation-reasons,
// customers/by, customers/{customerId}, customers/{customerId}/contracts,
// memberships/{customerId}/self-service/contract-data, studios/information
// and studios/confirmActivation. HEAD on any path only checks the key (200
// or 401), as documented. Other requests are checked in this order
// (sandbox: the upstream's order is not documented): the key (401), the
// endpoint's scope (403, see RevokeScope), the rate limit (429), an
// overlapping write on the same add-on contract (409), injected faults,
// then path, body and resources. Every error is the upstream error body
// (errorMessage, errorCode, traceId, reference); the errorCodes and
// references are the sandbox's own, as the contract publishes none:
//
//   - 400: a non-numeric path id (INVALID_PARAMETER, reference = the
//     parameter), a body that is not JSON (INVALID_REQUEST_BODY; a wrongly
//     typed field is the reference), a missing required field
//     (FIELD_REQUIRED), a bad query (customers/by without exactly one lookup
//     key, or an empty one; cardNumberFormat other than DECIMAL, HEX_MSB,
//     HEX_LSB or without cardNumber; contracts with a status other than
//     ACTIVE or INACTIVE), and the refusals below.
//   - 403 FORBIDDEN: the key lacks the endpoint's scope.
//   - 404: unknown customer (CUSTOMER_NOT_FOUND), main contract
//     (CONTRACT_NOT_FOUND) or additional module contract, also one that
//     exists but is attached to another main contract
//     (ADDITIONAL_MODULE_CONTRACT_NOT_FOUND).
//   - 409 CONCURRENT_MODIFICATION, the contract's meaning of 409 and its
//     only use here: a cancelation or withdrawal that arrives while another
//     write on the same add-on contract is still under way (the whole
//     request counts, injected latency included).
//   - 429 TOO_MANY_REQUESTS: past the limit (Config.RateLimit, default 1000)
//     of a studio's endpoint, every request for the rest of the window.
//
// A refused purchase, cancelation or withdrawal is a 400 (sandbox: how the
// upstream answers one is unknown) with an errorMessage and the sandbox's
// own errorCode, no reference: the validation status for a purchase,
// ADDITIONAL_MODULE_CONTRACT_ALREADY_CANCELED or _ENDED for a cancelation,
// ADDITIONAL_MODULE_CONTRACT_CANCELATION_NOT_WITHDRAWABLE for a withdrawal.
// Clients must not depend on these codes; validate explains a purchase.
//
// errorMessage is in the request's Accept-Language when that matches
// English or German, else in the studio's language (sandbox: the languages
// a tenant speaks are not documented). Errors raised before the studio is
// known (an unknown key, an unknown route, 405) and injected faults are in
// English.
//
// # Scopes
//
// Each endpoint needs its documented scope: the catalog and purchasable
// modules MEMBERSHIP_SELF_SERVICE_ADDITIONAL_MODULE_READ; validate,
// purchase, cancel and withdraw ..._ADDITIONAL_MODULE_CONTRACT_WRITE; one
// add-on contract ..._ADDITIONAL_MODULE_CONTRACT_READ; reasons and contract
// data MEMBERSHIP_SELF_SERVICE_READ; customers CUSTOMER_READ; contracts
// CUSTOMER_CONTRACT_READ or CUSTOMER_READ; studio information STUDIO_READ.
// confirmActivation needs none (sandbox: the contract names none). Every
// key has every scope until RevokeScope (or PUT
// /_sandbox/studios/{studio}/scopes/{scope} {"granted": false}) takes one
// away, the sandbox's own control; GrantScope and Reset give it back.
//
// # Catalog
//
// Every module has an initial term (termInformation.term), an extension of
// type TERM_EXTENSION with termExtension and extensionCancelationPeriod, or
// NEW, a cancelationPeriod, optionally a trial (trialPeriodConfig with its
// term and a description), and two studio flags: active and available
// online. GET additional-modules lists the active modules, including ones
// not available online. The contract says the list holds what is
// configured for online booking; the sandbox deliberately shows the
// Solarium anyway, because that is the only way a member can ever meet
// ADDITIONAL_MODULE_NOT_ONLINE_PURCHASABLE. The purchasable list holds the
// modules that validate as ADDITIONAL_MODULE_PURCHASABLE without a trial:
// active, online, main contract bookable, not currently booked. A
// NON_RECURRING frequency carries its price in price (sandbox: where that
// price comes from is unknown).
//
// # Validation (validate and purchase)
//
// All three request fields are required. The first rule that applies wins
// (sandbox: the contract lists the statuses, not their order):
//
//  1. Unknown or inactive module: ADDITIONAL_MODULE_NOT_FOUND (whatever the
//     paymentFrequencyId).
//  2. A paymentFrequencyId the module does not offer: 400, reference
//     "paymentFrequencyId" (PAYMENT_FREQUENCY_NOT_FOUND).
//  3. Module not available online: ADDITIONAL_MODULE_NOT_ONLINE_PURCHASABLE.
//  4. Main contract not ACTIVE, or cancelled (it has a cancellationDate):
//     ADDITIONAL_MODULE_CONTRACT_INVALID_STATUS.
//  5. The main contract has a current contract of the module, whatever its
//     payment frequency or cancelation state (current = no endDate before
//     today): ADDITIONAL_MODULE_CONTRACT_ALREADY_PURCHASED.
//  6. bookTrialPeriod and either the module has no trial or the customer
//     ever booked its trial, on any of their contracts:
//     ADDITIONAL_MODULE_TRIAL_PERIOD_NOT_BOOKABLE.
//  7. Otherwise ADDITIONAL_MODULE_PURCHASABLE.
//
// A main contract is ACTIVE until its date of termination has passed (the
// clock moves seeded contracts from ACTIVE to INACTIVE).
//
// # Purchase
//
// Purchase applies the same checks under the same lock as the booking, so
// concurrent purchases of one module on one contract book it once (the
// others are refused: 400 ADDITIONAL_MODULE_CONTRACT_ALREADY_PURCHASED).
// The new module contract starts today, with trialPeriod {trial term,
// today} when a trial was booked, the module's rate codes, the payment
// frequency as booked, and as price what the member pays for the chosen
// frequency: FREE 0 in the studio's currency; NON_RECURRING and RECURRING
// the frequency's price; TERM_BASED the price before the first step (the
// first step's price when there is no base price); MONTH_DAY the price of
// the next charge date on or after today. It is appended to the main
// contract's moduleContracts, counts as a write, and emits
// CONTRACT_ADDITIONAL_MODULE_CREATED.
//
// # Terms and cancelation dates
//
// Term k of a contract (k = 0 the initial term, k ≥ 1 its extensions) ends
// the day before start + initial term + k × termExtension. Month and year
// terms are counted from the start date, clamped to the month's end, not
// chained: a contract started Jan 31 with monthly terms has term ends Feb
// 27 (Feb 28 in a leap year), Mar 30, Apr 29, May 30. A NEW module has only
// term 0. The notice deadline of a term end is the end minus
// cancelationPeriod (term 0) or minus extensionCancelationPeriod (k ≥ 1,
// falling back to cancelationPeriod), again clamped at month ends (Mar 31 -
// 1 MONTH = Feb 28). Main contracts count their terms the same way, from
// their rate's term, extensionTerm and cancellationPeriod.
//
// availableCancelationDates are the first four term ends whose deadline is
// today or later; lastPossibleCancelationDate is the deadline of the first
// of them. Both are empty once the contract has ended or while it carries a
// cancelation (pending, canceled, or withdrawal pending). A trial does not
// shift the term: terms count from the start date. (sandbox: the contract
// names the fields, not how they are computed.)
//
// # Cancelation and withdrawal
//
// ordinary-cancelation needs a cancelationDate among availableCancelationDates
// (else 400 CANCELATION_DATE_NOT_AVAILABLE, reference "cancelationDate"; an
// impossible date is INVALID_DATE with the same reference) and a known
// cancelationReasonId (else 400 CANCELATION_REASON_NOT_FOUND, reference
// "cancelationReasonId"). A contract that already carries a cancelation,
// or has ended, is refused (400, above). In demo and berlin the contract
// becomes PENDING_VERIFICATION with cancelationDate and cancelationReason
// (the reason's name); in direct it becomes CANCELED with endDate =
// cancelationDate. Either way it counts as a write and emits
// CONTRACT_ADDITIONAL_MODULE_CANCELLED.
//
// contractCancelationCanBeWithdrawn is true while PENDING_VERIFICATION, and
// while CANCELED with a cancelationDate after today; never otherwise
// (sandbox). withdraw-cancelation is allowed only then (else refused). In
// demo and berlin the contract becomes PENDING_WITHDRAWAL_VERIFICATION (a
// CANCELED one keeps its endDate until the studio verifies); in direct the
// cancelation disappears: status, cancelationDate and reason cleared,
// endDate back to what it was without it (empty, or a NEW module's term
// end). It counts as a write and emits CONTRACT_ADDITIONAL_MODULE_UPDATED.
//
// # The shapes of the answers
//
// Add-on contract (GET .../additional-module-contracts/{id}): price is the
// price charged at booking; endDate is set only when the add-on has an end,
// a NEW module's term end or a cancelation in effect (sandbox: the
// contract leaves endDate's meaning for add-ons open).
//
// Contracts (GET /v1/customers/{id}/contracts): every main contract with
// every documented field. endDate is the date of termination once the
// contract is cancelled, else the end of the current term (the API's
// definition); lastPossibleCancellationDate the deadline of the earliest
// end a cancelation can still reach (for a cancelled contract, its
// termination date less the notice); createdDate two weeks before the
// start; term, extensionTerm and cancellationPeriod from the rate;
// priceDetails a monthly RECURRING price without a frequency id, basePrice
// = currentPrice, and price (deprecated) that amount; one rate code per
// contract; flatFeeContracts always empty (sandbox, all of it: the seed's
// own data).
//
// moduleContracts are SubContracts (sandbox, where the contract is silent):
// id is the additionalModuleContractId of endpoint 5; endDate, as for main
// contracts, the end of the current term or the date of termination (so it
// differs from endpoint 5's for a running add-on); paymentFrequency the
// booked frequency's type; priceDetails basePrice the price at booking,
// currentPrice the price as of today (a TERM_BASED step once its term has
// passed since the start, a MONTH_DAY add-on's next charge), paymentFrequency
// the booked frequency object; price (deprecated) currentPrice's amount;
// cancelled true for CANCELED and PENDING_WITHDRAWAL_VERIFICATION (a
// cancelation still waiting for verification is not yet cancelled), with
// cancellationDate and cancellationReceiptDate (the day the cancelation
// reached the studio) only then; contractStatus INACTIVE once ended.
//
// Contract data (GET /v1/memberships/{customerId}/self-service/contract-data):
// an array of all the customer's main contracts, active and ended, in id
// order, [] for a customer without any (sandbox: which contracts it lists
// is not documented); cancelationPeriod as a Term and priceDetails in the
// customers API's shape (sandbox: the contract names both without types);
// cancelationStatus CANCELED, cancelationDate, cancelationReason and
// cancelationOrigin CUSTOMER for a cancelled contract;
// availableCancelationDates for an active one without a cancelation.
//
// Customers carry the listed fields only, accessRefusal false for every
// seeded customer. Studio information (GET /v1/studios/information)
// carries studioId, name, description, email, telephone, website, logoUrl
// (an SVG the sandbox serves beside the module images), street,
// houseNumber, zipCode, city (sandbox: the contract says "address fields"
// without naming them), country, countryCode and openingHours as
// [{dayOfWeekFrom, dayOfWeekTo, timeFrom, timeTo}] (the published page's
// shape; the contract says "opening hours"). confirmActivation answers 200
// without a body and is recorded (Activated); the sandbox delivers webhooks
// to a configured target with or without it (sandbox).
//
// # Webhooks
//
// Every write also emits CONTRACT_UPDATED for the main contract, as the use
// case says that event follows every change to a contract's add-ons.
// Webhook content carries contractId and, for module events,
// moduleContractId; entityId is the customer. Each event is delivered once,
// never again (sandbox: the reference contradicts itself on redelivery).
//
// # Rate limit and faults
//
// The rate limit is a fixed window of a minute per studio and endpoint,
// starting at its first request, and a 429 carries Retry-After (sandbox:
// the upstream documents neither). Injected 429 and 503 faults carry
// "Retry-After: 1". See Fault for the rest.
//
// # Studio-side actions
//
// VerifyAmendment verifies a pending amendment: PENDING_VERIFICATION becomes
// CANCELED with endDate = cancelationDate; PENDING_WITHDRAWAL_VERIFICATION
// loses its cancelation; anything else is ErrConflict. It counts as a write
// and emits CONTRACT_ADDITIONAL_MODULE_UPDATED. SetModuleActive deactivates
// or reactivates a module in one studio (an inactive module is
// ADDITIONAL_MODULE_NOT_FOUND; booked contracts stay). SetFrequencyPrice
// changes a frequency's price. RevokeScope and GrantScope change a key's
// scopes. ModuleContractIDs lists a main contract's module contracts, for
// tests that reconcile; Calls and WriteCount count requests and writes.
//
// # Where the contract is silent
//
// The sandbox's own choices, each described above: the order of the checks;
// every errorCode and reference; a refusal as 400 and 409 for overlapping
// add-on writes only; English and German errorMessages with the studio's
// language as default; the Solarium in the catalog; where a NON_RECURRING
// price sits; the order of the validation rules; how terms, cancelation
// dates, lastPossibleCancelationDate and contractCancelationCanBeWithdrawn
// are computed; endpoint 5's price and endDate; the SubContract fields'
// values (endDate, cancelled, the receipt date, priceDetails, price);
// the main contract's createdDate, lastPossibleCancellationDate and
// priceDetails; which contracts contract-data lists, and the types of its
// cancelationPeriod and priceDetails; the studio information's address
// field names and opening hours shape; confirmActivation not gating
// webhooks, and no redelivery; the rate-limit window and Retry-After;
// confirmActivation without a scope; and the control API (/_sandbox/,
// RevokeScope and the other Server methods).
//
// # Seeded data
//
// Dates are laid out around the day the studio is seeded (the Server's today
// at New or Reset), so the demo means the same any day. Currency EUR,
// customer id = the number after "1-"; other lookup keys are derived from
// the id: cardNumber CARD-1001, barcode 4000001001, pin 1001, qrCodeUuid
// (deprecated) 00000000-0000-4000-8000-000000001001, debtorId D-1001.
// Customers in berlin prefer German.
//
//	customer  born        main contract(s)                    add-on contracts
//	1-1001    1990-01-15  2001 Premium 24                     none
//	1-1002    1985-06-30  2002 Premium 24                     5001 Towel yearly, active; 5002 Sauna (trial) PENDING_VERIFICATION
//	1-1003    1978-11-02  2003 Basic Flex                     5003 Sauna CANCELED, withdrawable; 5004 Drink PENDING_WITHDRAWAL_VERIFICATION
//	1-1004    1992-03-08  2004 Premium 24; 2005 Student Flex  none; 2005 is cancelled to today + 2 months
//	1-1005    1970-07-07  2006 Basic, INACTIVE                5005 Sauna, ended with the contract
//	1-1006    1999-12-31  2007 Premium 24 Plus                5101-5105 current (every state), 5106-5125 ended;
//	                                                          5106 a Drink flat booked with its trial
//	1-1007    2001-05-05  none (PROSPECT)
//	1-1008    1988-04-12  2008 Premium 24                     none
//
// preferredLanguage (optional upstream): 1-1003 en-GB, 1-1005 de-AT, 1-1006
// en-US, 1-1007 and 1-1008 de-DE; 1-1001, 1-1002 and 1-1004 have none, so
// the portal speaks their browser's language.
//
//	rate             term  extension  notice
//	Premium 24(Plus) 24 M  +1 M       1 M
//	Basic Flex       1 M   +1 M       2 W      (Student Flex the same)
//	Basic            12 M  +12 M      3 M
//
//	module  name (demo, direct)             payment frequencies                          term  extension         notice
//	301     Sauna (14-day trial)            3011 RECURRING 1 MONTH 9.90                  1 M   +1 M              2 W / 2 W
//	302     Towel flat-rate                 3021 RECURRING 1 MONTH 4.50, 3022 12 M 45.00 12 M  +1 M              1 M / 1 M
//	303     Drink flat (1-week trial)       3031 TERM_BASED 19.90, 24.90 after 3 M       6 M   +1 M              4 W / 2 W
//	304     Personal training intro         3041 NON_RECURRING 49.00                     1 M   NEW               1 W
//	305     Physio check (partner benefit)  3051 FREE                                    12 M  NEW               1 M
//	306     Summer outdoor pass             3061 MONTH_DAY May 1 29.00, Jul 1 29.00,     12 M  +12 M             1 M / 1 M
//	                                        Sep 1 19.00
//	307     Solarium (not online)           3071 RECURRING 1 MONTH 12.00                 1 M   +1 M              2 W / 2 W
//
// The towel flat-rate at 4.50 a month has a 12-month initial term: 54.00
// over the first year. Cancelation reasons: 1 Moving away, 2 Illness, 3 Too
// expensive, 4 Not using it, 5 Other (berlin: Umzug, Krankheit, Zu teuer,
// Wird nicht genutzt, Sonstiges). The ids are exported as constants
// (CustomerNoAddOns, ContractWithAddOns, ModuleSauna, FrequencyTowelYearly,
// ModuleContractSaunaPendingCancelation, ...) and the logins as
// DemoMembers.
package sandbox
