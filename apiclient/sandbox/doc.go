// Package sandbox is an in-memory HTTP stand-in for studios' Magicline Open
// API tenants: the portal's embedded default upstream and the upstream of its
// end-to-end tests. It serves the endpoints of the upstream contract
// (shared/spec/open-api-contract.md) with the same paths, shapes and error
// body, and plays the studio's side of the additional-module rules below.
// All state lives in memory behind one mutex; Reset restores the seed.
//
// # Studios
//
// Two studios are seeded with the same data and ids:
//
//   - "demo", key DemoKey: ordinary cancelations and withdrawals create
//     amendments that wait for the studio's verification (VerifyAmendment,
//     or POST /_sandbox/studios/demo/amendments/{id}/verify).
//   - "direct", key DirectKey: cancelation and withdrawal take effect at once.
//
// A key only sees its own studio: an id from the other studio is a 404.
// Purchased additional module contracts take their ids from one sequence
// per Server, starting at FirstPurchasedModuleContractID, so an id bought in
// one studio never names a contract in the other.
//
// # Endpoints and errors
//
// The seven additional-module endpoints, contract-cancelation-reasons,
// customers/by, customers/{customerId}, customers/{customerId}/contracts and
// memberships/{customerId}/self-service/contract-data. Every error is the
// upstream error body (errorMessage, errorCode, traceId, reference):
//
//   - 400: a non-numeric path id (reference = the parameter, errorCode
//     INVALID_PARAMETER), a body that is not JSON (INVALID_REQUEST_BODY; with
//     a wrongly typed field, reference = that field), a missing required
//     field (FIELD_REQUIRED), a bad query parameter (customers/by without
//     exactly one lookup key, or with an empty one; contracts with a status
//     other than ACTIVE or INACTIVE, reference "status"), and the rule
//     violations named below.
//   - 404: unknown customer (CUSTOMER_NOT_FOUND), main contract
//     (CONTRACT_NOT_FOUND) or additional module contract, also one that
//     exists but is attached to another main contract
//     (ADDITIONAL_MODULE_CONTRACT_NOT_FOUND).
//   - 409: a purchase that is not purchasable, and cancelation or withdrawal
//     in the wrong state (below).
//
// Checks run path first, then body, then resources: a malformed request
// about an unknown contract is a 400, not a 404.
//
// # Catalog
//
// Every module has an internal initial term, termInformation (an extension
// of type TERM_EXTENSION with termExtension and extensionCancelationPeriod,
// or NEW), a cancelationPeriod, optionally a trial (trialPeriodConfig with a
// description, plus an internal trial term), and two studio flags: active
// and available online. GET additional-modules lists the active modules,
// including ones not available online. The contract says the list holds what
// is configured for online booking; the sandbox deliberately shows the
// Solarium anyway, because that is the only way a member can ever meet
// ADDITIONAL_MODULE_NOT_ONLINE_PURCHASABLE. The purchasable list holds the
// modules that validate as ADDITIONAL_MODULE_PURCHASABLE without a trial:
// active, online, main contract bookable, not currently booked.
//
// # Validation (validate and purchase)
//
// All three request fields are required. The first rule that applies wins:
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
// A main contract is ACTIVE until its endDate has passed (the clock moves
// seeded contracts from ACTIVE to INACTIVE).
//
// # Purchase
//
// Purchase applies the same checks under the same lock as the booking, so
// concurrent purchases of one module on one contract book it once. Anything
// but PURCHASABLE is a 409 whose errorCode is the validation status. The new
// module contract starts today, with trialPeriod {trial term, today} when a
// trial was booked, the module's rate codes, and as price what the member
// pays for the chosen frequency: FREE 0 in the studio's currency;
// NON_RECURRING and RECURRING the frequency's price; TERM_BASED the price
// before the first step (the first step's price when there is no base
// price); MONTH_DAY the price of the next charge date on or after today. It
// is appended to the main contract's moduleContracts, counts as a write, and
// emits CONTRACT_ADDITIONAL_MODULE_CREATED.
//
// # Terms and cancelation dates
//
// Term k of a module contract (k = 0 the initial term, k ≥ 1 its extensions)
// ends the day before start + initial term + k × termExtension. Month and
// year terms are counted from the start date, clamped to the month's end,
// not chained: a contract started Jan 31 with monthly terms has term ends
// Feb 27 (Feb 28 in a leap year), Mar 30, Apr 29, May 30. A NEW module has
// only term 0, and its endDate is set to that term's end at booking. The
// notice deadline of a term end is the end minus cancelationPeriod (term 0)
// or minus extensionCancelationPeriod (k ≥ 1, falling back to
// cancelationPeriod), again clamped at month ends (Mar 31 - 1 MONTH = Feb 28).
//
// availableCancelationDates are the first four term ends whose deadline is
// today or later; lastPossibleCancelationDate is the deadline of the first
// of them. Both are empty once the contract has ended or while it carries a
// cancelation (pending, canceled, or withdrawal pending). A trial does not
// shift the term: terms count from the start date.
//
// # Cancelation and withdrawal
//
// ordinary-cancelation needs a cancelationDate among availableCancelationDates
// (else 400 CANCELATION_DATE_NOT_AVAILABLE, reference "cancelationDate"; an
// impossible date is INVALID_DATE with the same reference) and a known
// cancelationReasonId (else 400 CANCELATION_REASON_NOT_FOUND, reference
// "cancelationReasonId"). A contract that already carries a cancelation is
// 409 ADDITIONAL_MODULE_CONTRACT_ALREADY_CANCELED, an ended one 409
// ADDITIONAL_MODULE_CONTRACT_ENDED. In demo the contract becomes
// PENDING_VERIFICATION with cancelationDate and cancelationReason (the
// reason's name); in direct it becomes CANCELED with endDate = cancelationDate.
// Either way it counts as a write and emits CONTRACT_ADDITIONAL_MODULE_CANCELLED.
//
// contractCancelationCanBeWithdrawn is true while PENDING_VERIFICATION, and
// while CANCELED with a cancelationDate after today; never otherwise.
// withdraw-cancelation is allowed only then (else 409
// ADDITIONAL_MODULE_CONTRACT_CANCELATION_NOT_WITHDRAWABLE). In demo the
// contract becomes PENDING_WITHDRAWAL_VERIFICATION (a CANCELED one keeps its
// endDate until the studio verifies); in direct the cancelation disappears:
// status, cancelationDate and reason cleared, endDate back to what it was
// without it (empty, or a NEW module's term end). It counts as a write and
// emits CONTRACT_ADDITIONAL_MODULE_UPDATED.
//
// Every write also emits CONTRACT_UPDATED for the main contract, as the use
// case says that event follows every change to a contract's add-ons.
// Webhook content carries contractId and, for module events, moduleContractId;
// entityId is the customer.
//
// # Studio-side actions
//
// VerifyAmendment verifies a pending amendment: PENDING_VERIFICATION becomes
// CANCELED with endDate = cancelationDate; PENDING_WITHDRAWAL_VERIFICATION
// loses its cancelation; anything else is ErrConflict. It counts as a write
// and emits CONTRACT_ADDITIONAL_MODULE_UPDATED. SetModuleActive deactivates or
// reactivates a module in one studio (an inactive module is
// ADDITIONAL_MODULE_NOT_FOUND; booked contracts stay). ModuleContractIDs
// lists a main contract's module contracts, for tests that reconcile.
//
// # Seeded data
//
// Dates are laid out around the day the studio is seeded (the Server's today
// at New or Reset), so the demo means the same any day. Currency EUR,
// customer id = the number after "1-"; other lookup keys are derived from
// the id: cardNumber CARD-1001, barcode 4000001001, pin 1001, qrCodeUuid
// 00000000-0000-4000-8000-000000001001, debtorId D-1001.
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
//	module  name                            payment frequencies                          term  extension         notice
//	301     Sauna (14-day trial)            3011 RECURRING 1 MONTH 9.90                  1 M   +1 M              2 W / 2 W
//	302     Towel flat-rate                 3021 RECURRING 1 MONTH 4.50, 3022 12 M 45.00 12 M  +1 M              1 M / 1 M
//	303     Drink flat (1-week trial)       3031 TERM_BASED 19.90, 24.90 after 3 M       6 M   +1 M              4 W / 2 W
//	304     Personal training intro         3041 NON_RECURRING 49.00                     1 M   NEW               1 W
//	305     Physio check (partner benefit)  3051 FREE                                    12 M  NEW               1 M
//	306     Summer outdoor pass             3061 MONTH_DAY May 1 29.00, Jul 1 29.00,     12 M  +12 M             1 M / 1 M
//	                                        Sep 1 19.00
//	307     Solarium (not online)           3071 RECURRING 1 MONTH 12.00                 1 M   +1 M              2 W / 2 W
//
// Cancelation reasons: 1 Moving away, 2 Illness, 3 Too expensive, 4 Not
// using it, 5 Other. The ids are exported as constants (CustomerNoAddOns,
// ContractWithAddOns, ModuleSauna, FrequencyTowelYearly,
// ModuleContractSaunaPendingCancelation, ...) and the logins as DemoMembers.
package sandbox
