with source as (

    select * from {{ source('raw', 'orders') }}

),

renamed as (

    select
        order_id,
        customer_id,
        ordered_at,
        cast(ordered_at as date)          as order_date,
        lower(status)                     as order_status,
        round(amount_usd::numeric, 2)     as amount_usd,
        _loaded_at
    from source
    where order_id is not null

)

select * from renamed
