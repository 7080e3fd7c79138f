-- wrk script: the labs' Shiny app request, one record in vetiver's dummy-coded shape.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '[{"bill_length_mm":45,"species_Chinstrap":false,"species_Gentoo":true,"sex_male":true}]'
