package handlers

// PLACEHOLDER: the member-area handlers land in modules.go, booking.go and
// mymodules.go; this file is deleted then.

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

var errTODO = &pageError{status: http.StatusNotImplemented, titleKey: "error.internal.title", bodyKey: "error.internal.body"}

func (h *Handler) ModulesPage(c echo.Context) error  { return errTODO }
func (h *Handler) ModulePage(c echo.Context) error   { return errTODO }
func (h *Handler) CheckModule(c echo.Context) error  { return errTODO }
func (h *Handler) ConfirmPage(c echo.Context) error  { return errTODO }
func (h *Handler) Book(c echo.Context) error         { return errTODO }
func (h *Handler) BookingPage(c echo.Context) error  { return errTODO }
func (h *Handler) CheckBooking(c echo.Context) error { return errTODO }
