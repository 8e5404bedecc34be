with source as (

    select * from {{ source('raw', 'customers') }}

)

select
    customer_id,
    lower(trim(email))                as email,
    upper(country_code)               as country_code,
    signed_up_at,
    cast(signed_up_at as date)        as signup_date
from source
