package apiclient

import "encoding/json"

// TermUnit is a temporal unit of a Term.
type TermUnit string

// Term units.
const (
	UnitDay   TermUnit = "DAY"
	UnitWeek  TermUnit = "WEEK"
	UnitMonth TermUnit = "MONTH"
	UnitYear  TermUnit = "YEAR"
)

// Term is a duration such as "1 MONTH" or "14 DAY".
type Term struct {
	Value int      `json:"value"`
	Unit  TermUnit `json:"unit"`
}

// IsZero reports whether t is absent.
func (t Term) IsZero() bool { return t == Term{} }

// AddTo returns d moved forward by the term (n times).
func (t Term) AddTo(d Date, n int) Date {
	v := t.Value * n
	switch t.Unit {
	case UnitDay:
		return d.AddDays(v)
	case UnitWeek:
		return d.AddDays(7 * v)
	case UnitMonth:
		return d.AddMonths(v)
	case UnitYear:
		return d.AddMonths(12 * v)
	}
	return d
}

// Period is the main contract's duration shape (the customers API's
// spelling of a Term).
type Period struct {
	PeriodValue int      `json:"periodValue"`
	PeriodUnit  TermUnit `json:"periodUnit"`
}

// IsZero reports whether p is absent.
func (p Period) IsZero() bool { return p == Period{} }

// Term returns p as a Term.
func (p Period) Term() Term { return Term{Value: p.PeriodValue, Unit: p.PeriodUnit} }

// PaymentFrequencyType says how an additional module is charged.
type PaymentFrequencyType string

// Payment frequency types.
const (
	FrequencyFree         PaymentFrequencyType = "FREE"
	FrequencyNonRecurring PaymentFrequencyType = "NON_RECURRING"
	FrequencyRecurring    PaymentFrequencyType = "RECURRING"
	FrequencyMonthDay     PaymentFrequencyType = "MONTH_DAY"
	FrequencyTermBased    PaymentFrequencyType = "TERM_BASED"
)

// Month names used in MonthDay.
type Month string

// Months as the upstream spells them.
const (
	January   Month = "JANUARY"
	February  Month = "FEBRUARY"
	March     Month = "MARCH"
	April     Month = "APRIL"
	May       Month = "MAY"
	June      Month = "JUNE"
	July      Month = "JULY"
	August    Month = "AUGUST"
	September Month = "SEPTEMBER"
	October   Month = "OCTOBER"
	November  Month = "NOVEMBER"
	December  Month = "DECEMBER"
)

// MonthDay is a day in the year on which a MONTH_DAY frequency charges.
type MonthDay struct {
	Month      Month `json:"month,omitempty"`
	MonthValue int   `json:"monthValue,omitempty"`
	DayOfMonth int   `json:"dayOfMonth,omitempty"`
}

// Number returns the month as 1..12 (MonthValue when given, else from the
// name), 0 when neither is known.
func (md MonthDay) Number() int {
	if md.MonthValue != 0 {
		return md.MonthValue
	}
	for i, m := range []Month{January, February, March, April, May, June, July, August, September, October, November, December} {
		if m == md.Month {
			return i + 1
		}
	}
	return 0
}

// MonthDayPrice is one charge date of a MONTH_DAY frequency.
type MonthDayPrice struct {
	MonthDay MonthDay `json:"monthDay"`
	Price    Money    `json:"price"`
}

// TermPrice is one step of a TERM_BASED frequency: the price becomes active
// AFTER Term has passed. The element shape is assumed (the reference does not
// spell it out): {term, price}.
type TermPrice struct {
	Term  Term  `json:"term"`
	Price Money `json:"price"`
}

// PaymentFrequency is one way a module can be paid for.
type PaymentFrequency struct {
	ID                int64                `json:"id,omitempty"`
	Type              PaymentFrequencyType `json:"type"`
	Term              *Term                `json:"term,omitempty"`
	Price             *Money               `json:"price,omitempty"`
	MonthDaysToPrices []MonthDayPrice      `json:"monthDaysToPrices,omitempty"`
	TermsToPrices     []TermPrice          `json:"termsToPrices,omitempty"`
}

// ExtensionType says what happens at the end of a module's term.
type ExtensionType string

// Extension types.
const (
	ExtensionTermExtension ExtensionType = "TERM_EXTENSION"
	ExtensionNew           ExtensionType = "NEW"
)

// Extension describes how a module contract is extended.
type Extension struct {
	ExtensionType              ExtensionType `json:"extensionType"`
	TermExtension              *Term         `json:"termExtension,omitempty"`
	ExtensionCancelationPeriod *Term         `json:"extensionCancelationPeriod,omitempty"`
}

// TermInformation is a module's term configuration.
type TermInformation struct {
	// Term is the initial (minimum) term, e.g. 12 MONTH. Required in the
	// published document, absent from older tenants' answers: nil then.
	Term              *Term      `json:"term,omitempty"`
	Extension         *Extension `json:"extension,omitempty"`
	CancelationPeriod *Term      `json:"cancelationPeriod,omitempty"`
}

// TrialPeriodConfig is present only when a trial can be booked.
type TrialPeriodConfig struct {
	// Term is the trial's length; required in the published document,
	// absent from older tenants' answers: nil then.
	Term        *Term  `json:"term,omitempty"`
	Description string `json:"description,omitempty"`
}

// RateCode names a rate.
type RateCode struct {
	Name       string `json:"name,omitempty"`
	Identifier string `json:"identifier,omitempty"`
}

// AdditionalModule is an add-on the studio offers (endpoints 1 and 2).
type AdditionalModule struct {
	ID                 int64              `json:"id"`
	Name               string             `json:"name"`
	Description        string             `json:"description,omitempty"`
	ImageURL           string             `json:"imageUrl"`
	PaymentFrequencies []PaymentFrequency `json:"paymentFrequencies"`
	TermInformation    TermInformation    `json:"termInformation"`
	TrialPeriodConfig  *TrialPeriodConfig `json:"trialPeriodConfig,omitempty"`
	RateCodes          []RateCode         `json:"rateCodes,omitempty"`
}

// Frequency returns the module's payment frequency with the given id.
func (m AdditionalModule) Frequency(id int64) (PaymentFrequency, bool) {
	for _, f := range m.PaymentFrequencies {
		if f.ID == id {
			return f, true
		}
	}
	return PaymentFrequency{}, false
}

// AdditionalModuleRequest is the body of validate and purchase.
type AdditionalModuleRequest struct {
	AdditionalModuleID int64 `json:"additionalModuleId"`
	PaymentFrequencyID int64 `json:"paymentFrequencyId"`
	BookTrialPeriod    bool  `json:"bookTrialPeriod"`
}

// ValidationStatus is the answer of the validate endpoint.
type ValidationStatus string

// Validation statuses.
const (
	ValidationPurchasable          ValidationStatus = "ADDITIONAL_MODULE_PURCHASABLE"
	ValidationAlreadyPurchased     ValidationStatus = "ADDITIONAL_MODULE_CONTRACT_ALREADY_PURCHASED"
	ValidationInvalidStatus        ValidationStatus = "ADDITIONAL_MODULE_CONTRACT_INVALID_STATUS"
	ValidationNotFound             ValidationStatus = "ADDITIONAL_MODULE_NOT_FOUND"
	ValidationNotOnlinePurchasable ValidationStatus = "ADDITIONAL_MODULE_NOT_ONLINE_PURCHASABLE"
	ValidationTrialNotBookable     ValidationStatus = "ADDITIONAL_MODULE_TRIAL_PERIOD_NOT_BOOKABLE"
)

// ValidationStatuses lists every documented validation status.
var ValidationStatuses = []ValidationStatus{
	ValidationPurchasable, ValidationAlreadyPurchased, ValidationInvalidStatus,
	ValidationNotFound, ValidationNotOnlinePurchasable, ValidationTrialNotBookable,
}

// ValidationResult is the validate endpoint's response.
type ValidationResult struct {
	ValidationStatus ValidationStatus `json:"validationStatus"`
}

// PurchaseResult is the purchase endpoint's response: the new additional
// module contract id.
type PurchaseResult struct {
	ID int64 `json:"id"`
}

// CancelationStatus is an additional module contract's cancelation state.
type CancelationStatus string

// Cancelation statuses.
const (
	CancelationCanceled                      CancelationStatus = "CANCELED"
	CancelationPendingVerification           CancelationStatus = "PENDING_VERIFICATION"
	CancelationPendingWithdrawalVerification CancelationStatus = "PENDING_WITHDRAWAL_VERIFICATION"
)

// TrialPeriod is the trial of a booked module contract.
type TrialPeriod struct {
	Term      Term `json:"term"`
	StartDate Date `json:"startDate,omitzero"`
}

// End returns the first day after the trial (the day paying starts).
func (t TrialPeriod) End() Date { return t.Term.AddTo(t.StartDate, 1) }

// AdditionalModuleContract is a booked add-on (endpoint 5).
type AdditionalModuleContract struct {
	Name                              string            `json:"name"`
	Price                             Money             `json:"price"`
	StartDate                         Date              `json:"startDate"`
	EndDate                           Date              `json:"endDate,omitzero"`
	CancelationDate                   Date              `json:"cancelationDate,omitzero"`
	LastPossibleCancelationDate       Date              `json:"lastPossibleCancelationDate,omitzero"`
	CancelationReason                 string            `json:"cancelationReason,omitempty"`
	ContractCancelationStatus         CancelationStatus `json:"contractCancelationStatus,omitempty"`
	ContractCancelationCanBeWithdrawn bool              `json:"contractCancelationCanBeWithdrawn"`
	TrialPeriod                       *TrialPeriod      `json:"trialPeriod,omitempty"`
	RateCodes                         []RateCode        `json:"rateCodes,omitempty"`
	AvailableCancelationDates         []Date            `json:"availableCancelationDates,omitempty"`
}

// CancelationRequest is the ordinary-cancelation body.
type CancelationRequest struct {
	CancelationDate     Date  `json:"cancelationDate"`
	CancelationReasonID int64 `json:"cancelationReasonId"`
}

// SuccessResponse is the answer of cancelation and withdrawal.
type SuccessResponse struct {
	Success string `json:"success"`
}

// CancelationReason is one of the studio's cancelation reasons.
type CancelationReason struct {
	CancelationReasonID   int64  `json:"cancelationReasonId"`
	CancelationReasonName string `json:"cancelationReasonName"`
}

// CustomerStatus is a customer's relation to the studio.
type CustomerStatus string

// Customer statuses.
const (
	CustomerMember       CustomerStatus = "MEMBER"
	CustomerProspect     CustomerStatus = "PROSPECT"
	CustomerFormerMember CustomerStatus = "FORMER_MEMBER"
)

// Language is a customer's preferred language.
type Language struct {
	LanguageCode string `json:"languageCode,omitempty"`
	CountryCode  string `json:"countryCode,omitempty"`
}

// Customer is the customer resource (the fields the portal reads; others
// are ignored). id, status and accessRefusal are required upstream.
type Customer struct {
	ID                int64          `json:"id"`
	CustomerNumber    string         `json:"customerNumber,omitempty"`
	FirstName         string         `json:"firstName,omitempty"`
	LastName          string         `json:"lastName,omitempty"`
	DateOfBirth       Date           `json:"dateOfBirth,omitzero"`
	Email             string         `json:"email,omitempty"`
	Status            CustomerStatus `json:"status"`
	StudioID          int64          `json:"studioId,omitempty"`
	PreferredLanguage *Language      `json:"preferredLanguage,omitempty"`
	// AccessRefusal is true while the customer has an access block.
	AccessRefusal bool `json:"accessRefusal"`
}

// CustomerLookup is a key accepted by GET /v1/customers/by.
type CustomerLookup string

// Customer lookup keys.
const (
	LookupCustomerNumber CustomerLookup = "customerNumber"
	LookupCardNumber     CustomerLookup = "cardNumber"
	LookupBarcode        CustomerLookup = "barcode"
	LookupPIN            CustomerLookup = "pin"
	LookupDebtorID       CustomerLookup = "debtorId"
	// Deprecated: the upstream marks qrCodeUuid deprecated; it still answers it.
	LookupQRCodeUUID CustomerLookup = "qrCodeUuid"
)

// CardNumberFormat says how GET /v1/customers/by reads a cardNumber
// (upstream default DECIMAL).
type CardNumberFormat string

// Card number formats.
const (
	CardDecimal CardNumberFormat = "DECIMAL"
	CardHexMSB  CardNumberFormat = "HEX_MSB"
	CardHexLSB  CardNumberFormat = "HEX_LSB"
)

// ErrorBody is the upstream error body.
type ErrorBody struct {
	ErrorMessage string     `json:"errorMessage"`
	ErrorCode    string     `json:"errorCode,omitempty"`
	TraceID      string     `json:"traceId,omitempty"`
	Reference    string     `json:"reference,omitempty"`
	Args         []any      `json:"args,omitempty"`
	TypedArgs    []TypedArg `json:"typedArgs,omitempty"`
}

// TypedArgType is the type of an error message argument.
type TypedArgType string

// TypedArg is an error message argument with its type.
type TypedArg struct {
	Value any          `json:"value"`
	Type  TypedArgType `json:"type"`
}

// Webhook event types the portal reacts to.
const (
	EventModuleCreated   = "CONTRACT_ADDITIONAL_MODULE_CREATED"
	EventModuleUpdated   = "CONTRACT_ADDITIONAL_MODULE_UPDATED"
	EventModuleCancelled = "CONTRACT_ADDITIONAL_MODULE_CANCELLED"
	EventModuleDeleted   = "CONTRACT_ADDITIONAL_MODULE_DELETED"
	EventContractUpdated = "CONTRACT_UPDATED"
)

// WebhookEvent is the body the upstream POSTs to a partner's webhook URL.
type WebhookEvent struct {
	EntityID int64            `json:"entityId"`
	UUID     string           `json:"uuid"`
	Payload  []WebhookPayload `json:"payload"`
}

// WebhookPayload is one event in a webhook delivery.
type WebhookPayload struct {
	Timestamp int64           `json:"timestamp"`
	Type      string          `json:"type"`
	Content   json.RawMessage `json:"content,omitempty"`
}

// ModuleEventContent is the content of the CONTRACT_ADDITIONAL_MODULE_* events.
type ModuleEventContent struct {
	ContractID       int64 `json:"contractId,omitempty"`
	ModuleContractID int64 `json:"moduleContractId,omitempty"`
}
