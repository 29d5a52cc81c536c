package apiclient

import "encoding/json"

// ContractStatus is a contract's status (also the contracts filter).
type ContractStatus string

// Contract statuses.
const (
	ContractActive   ContractStatus = "ACTIVE"
	ContractInactive ContractStatus = "INACTIVE"
)

// PriceDetails is the price of a main contract or of one of its sub
// contracts (flat fees, add-ons) as the customers API shows it. The
// contract names the three fields but not their required-ness: absent
// ones are nil.
type PriceDetails struct {
	BasePrice        *Money            `json:"basePrice,omitempty"`
	CurrentPrice     *Money            `json:"currentPrice,omitempty"`
	PaymentFrequency *PaymentFrequency `json:"paymentFrequency,omitempty"`
}

// Contract is a customer's main contract as GET /v1/customers/{id}/contracts
// returns it (spelled "cancellation" with two l's there). Required upstream:
// id, rateName, startDate, endDate, createdDate, contractStatus, cancelled,
// price, priceDetails, term, extensionTerm, lastPossibleCancellationDate.
type Contract struct {
	ID          int64      `json:"id"`
	RateName    string     `json:"rateName"`
	RateCodes   []RateCode `json:"rateCodes,omitempty"`
	CreatedDate Date       `json:"createdDate"`
	StartDate   Date       `json:"startDate"`
	// EndDate is the end of the current term or, once cancelled, the date
	// of termination (the API's definition): not necessarily an end.
	EndDate        Date           `json:"endDate"`
	ContractStatus ContractStatus `json:"contractStatus"`

	Cancelled               bool   `json:"cancelled"`
	CancellationDate        Date   `json:"cancellationDate,omitzero"`
	CancellationReceiptDate Date   `json:"cancellationReceiptDate,omitzero"`
	CancellationReason      string `json:"cancellationReason,omitempty"`
	// CancellationPeriod is the notice before the end of a term.
	CancellationPeriod *Period `json:"cancellationPeriod,omitempty"`
	// Term is the initial term; ExtensionTerm what each extension adds.
	Term                         Period `json:"term"`
	ExtensionTerm                Period `json:"extensionTerm"`
	LastPossibleCancellationDate Date   `json:"lastPossibleCancellationDate"`

	// Price is the deprecated bare amount (no currency), kept as the exact
	// JSON number text: read PriceDetails instead, never this as money.
	Price        json.Number  `json:"price"`
	PriceDetails PriceDetails `json:"priceDetails"`

	FlatFeeContracts []SubContract `json:"flatFeeContracts,omitempty"`
	// ModuleContracts are the additional module contracts on this main
	// contract: the API's only list of them.
	ModuleContracts []SubContract `json:"moduleContracts,omitempty"`
}

// ModuleContractIDs returns the ids of the contract's add-on contracts in
// the upstream's order. That SubContract.ID is the additionalModuleContractId
// of GET .../additional-module-contracts/{id} is assumed, not documented:
// the conformance suite checks it against a tenant.
func (c Contract) ModuleContractIDs() []int64 {
	ids := make([]int64, 0, len(c.ModuleContracts))
	for _, sc := range c.ModuleContracts {
		ids = append(ids, sc.ID)
	}
	return ids
}

// SubContract is a flat fee or additional module contract within a main
// Contract. Required upstream: id, rateName, startDate, paymentFrequency,
// price, priceDetails, cancelled, contractStatus.
type SubContract struct {
	ID        int64  `json:"id"`
	RateName  string `json:"rateName"`
	StartDate Date   `json:"startDate"`
	EndDate   Date   `json:"endDate,omitzero"`
	// PaymentFrequency is only the type here (a string), not the object.
	PaymentFrequency PaymentFrequencyType `json:"paymentFrequency"`
	// Price is deprecated (a bare number): read PriceDetails.
	Price                   json.Number    `json:"price"`
	PriceDetails            PriceDetails   `json:"priceDetails"`
	Cancelled               bool           `json:"cancelled"`
	CancellationDate        Date           `json:"cancellationDate,omitzero"`
	CancellationReceiptDate Date           `json:"cancellationReceiptDate,omitzero"`
	ContractStatus          ContractStatus `json:"contractStatus"`
	RateCodes               []RateCode     `json:"rateCodes,omitempty"`
}

// CancelationOrigin says who cancelled a main contract.
type CancelationOrigin string

// Cancelation origins.
const (
	OriginStudio   CancelationOrigin = "STUDIO"
	OriginCustomer CancelationOrigin = "CUSTOMER"
)

// ContractData is one of a customer's main contracts as the self-service
// contract-data endpoint shows it (spelled "cancelation" there). The
// contract lists the fields without types or required-ness for
// cancelationPeriod and priceDetails: they are read as a Term and a
// PriceDetails, which decode to nothing if a tenant says otherwise.
type ContractData struct {
	ID                          int64             `json:"id"`
	RateName                    string            `json:"rateName,omitempty"`
	StartDate                   Date              `json:"startDate,omitzero"`
	EndDate                     Date              `json:"endDate,omitzero"`
	ContractStatus              ContractStatus    `json:"contractStatus,omitempty"`
	CancelationPeriod           *Term             `json:"cancelationPeriod,omitempty"`
	CancelationStatus           CancelationStatus `json:"cancelationStatus,omitempty"`
	CancelationDate             Date              `json:"cancelationDate,omitzero"`
	CancelationReason           string            `json:"cancelationReason,omitempty"`
	LastPossibleCancelationDate Date              `json:"lastPossibleCancelationDate,omitzero"`
	AvailableCancelationDates   []Date            `json:"availableCancelationDates,omitempty"`
	CancelationOrigin           CancelationOrigin `json:"cancelationOrigin,omitempty"`
	PriceDetails                *PriceDetails     `json:"priceDetails,omitempty"`
	RateCodes                   []RateCode        `json:"rateCodes,omitempty"`
}
