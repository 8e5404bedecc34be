{{ config(materialized='incremental', unique_key='order_id', on_schema_change='append_new_columns') }}

with orders as (

    select * from {{ ref('stg_orders') }}
    {% if is_incremental() %}
    where _loaded_at > (select coalesce(max(_loaded_at), '1970-01-01') from {{ this }})
    {% endif %}

),

customers as (

    select customer_id, country_code, signup_date from {{ ref('stg_customers') }}

)

select
    o.order_id,
    o.customer_id,
    o.order_date,
    o.order_status,
    o.amount_usd,
    c.country_code,
    o.order_date - c.signup_date      as days_since_signup,
    o._loaded_at
from orders o
left join customers c using (customer_id)
